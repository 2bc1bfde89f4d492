import { sendBounded, transactionCommitted, UnsettledCommits, type OutgoingRecord, Compression } from '@ksb/wire';
import { TestBroker, uniqueGroupId } from '@ksb/testing-broker';

const DEAD_LETTERS = 'ksb.ops.dead-letter';

describe('settling a commit whose answer was lost (broker)', () => {
  const broker = new TestBroker();
  const records = (n: number, tag: string): OutgoingRecord[] =>
    Array.from({ length: n }, (_, i) => ({
      topic: broker.topic(DEAD_LETTERS),
      compression: Compression.None,
      message: { key: `case-${tag}-${i}`, value: Buffer.from(`${tag}-${i}`) },
    }));

  beforeAll(() => broker.createTopics(DEAD_LETTERS));
  afterAll(() => broker.close());

  it('reads a committed transaction’s first record back and finds an aborted one’s gone', async () => {
    const transactionalId = uniqueGroupId('outcome');
    const producer = await broker.wire.producer({ transactionalId });
    const committed = await producer.transaction();
    const kept = await sendBounded(committed, records(3, 'kept'), broker.wire.partitionCount);
    await committed.commit();

    // A stage that died between sending and committing: the next owner's claim aborts what it left open.
    const open = await producer.transaction();
    const dropped = await sendBounded(open, records(3, 'dropped'), broker.wire.partitionCount);
    const successor = await broker.wire.producer({ transactionalId });
    const claim = await successor.transaction();
    await claim.abort();

    if (!kept.first || !dropped.first) throw new Error('the broker named no offset for a transactional send');
    expect(await transactionCommitted(broker.wire, kept.first)).toBe(true);
    expect(await transactionCommitted(broker.wire, dropped.first)).toBe(false);
    await producer.disconnect().catch(() => undefined);
    await successor.disconnect();
  });

  it('applies a commit that took effect although its answer never came, and only that one', async () => {
    const transactionalId = uniqueGroupId('unsettled');
    const log: object[] = [];
    const unsettled = new UnsettledCommits(broker.wire, (entry) => log.push(entry));
    const applied: string[] = [];
    const producer = await broker.wire.producer({ transactionalId });

    const landed = await producer.transaction();
    const sent = await sendBounded(landed, records(2, 'landed'), broker.wire.partitionCount);
    unsettled.asked(transactionalId, sent.first, () => applied.push('landed'));
    await landed.commit(); // the answer a broker failure would have swallowed: answered() is never called

    await producer.disconnect();
    const successor = await broker.wire.producer({ transactionalId });
    await (await successor.transaction()).abort();
    await unsettled.settle(transactionalId);
    expect(applied).toEqual(['landed']);

    const lost = await successor.transaction();
    const lostSent = await sendBounded(lost, records(2, 'lost'), broker.wire.partitionCount);
    unsettled.asked(transactionalId, lostSent.first, () => applied.push('lost'));
    await lost.abort();
    await unsettled.settle(transactionalId);
    await unsettled.settle(transactionalId); // settled once: a second claim finds nothing to do
    expect(applied).toEqual(['landed']);
    expect(log).toEqual([
      { msg: 'commit outcome settled', transactionalId, committed: true },
      { msg: 'commit outcome settled', transactionalId, committed: false },
    ]);
    await successor.disconnect();
  });
});
