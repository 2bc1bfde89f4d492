import {
  Compression,
  groupCommitted,
  loadRdkafka,
  rdkafkaConnection,
  sendBounded,
  transactionCommitted,
  UnsettledCommits,
  UnsettledRewinds,
  type OutgoingRecord,
} from '@ksb/wire';
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

  it('librdkafka: goes on from the group’s stable committed offset after a rewind whose commit took effect', async () => {
    const rd = loadRdkafka();
    const topic = broker.topic(DEAD_LETTERS);
    const input = await broker.wire.producer();
    await input.send({ topic, acks: -1, messages: [0, 1, 2, 3, 4].map((i) => ({ value: `in-${i}`, partition: 0 })) });
    await input.disconnect();

    const connection = rdkafkaConnection(broker.wire.options);
    const groupId = uniqueGroupId('rewind');
    const transactionalId = uniqueGroupId('rewind-tx');
    const call = (work: (cb: (error: unknown) => void) => void): Promise<void> =>
      new Promise((resolve, reject) => work((error) => (error ? reject(error) : resolve())));
    // Whatever is still connected when the test ends, passed or not: a native client left open keeps jest waiting.
    const open = new Set<{ disconnect(cb: (error: unknown) => void): unknown }>();
    const disconnect = async (client: { disconnect(cb: (error: unknown) => void): unknown }) => {
      open.delete(client);
      await call((cb) => client.disconnect(cb));
    };
    const consumer = new rd.KafkaConsumer(
      { ...connection, 'group.id': groupId, 'enable.auto.commit': false, 'isolation.level': 'read_committed' },
      {},
    );
    const claim = async () => {
      const producer = new rd.Producer({ ...connection, 'transactional.id': transactionalId });
      open.add(producer);
      await call((cb) => producer.connect({}, cb));
      await call((cb) => producer.initTransactions(30_000, cb));
      return producer;
    };
    const offsetsInTransaction = async (producer: Awaited<ReturnType<typeof claim>>, offset: number) => {
      await call((cb) => producer.beginTransaction(cb));
      await call((cb) => producer.sendOffsetsToTransaction([{ topic, partition: 0, offset }], consumer, 30_000, cb));
    };
    const rewinds = new UnsettledRewinds();
    const partitions = [{ topic, partition: 0 }];
    try {
      open.add(consumer);
      await call((cb) => consumer.connect({}, cb));
      consumer.assign(partitions);

      // Offsets 0–2 committed, the answer swallowed: the stage rewound to 0 and a new producer claimed the id.
      const first = await claim();
      await offsetsInTransaction(first, 3);
      await call((cb) => first.commitTransaction(30_000, cb));
      rewinds.rewind({ topic, partition: 0, offset: 0 });
      await disconnect(first);
      const successor = await claim();
      expect(rewinds.settle(await groupCommitted(consumer, partitions, 10_000))).toEqual([
        { topic, partition: 0, offset: 3 },
      ]);

      // Offsets 3–4 in a transaction that never committed: its claim by the next producer aborts it.
      await offsetsInTransaction(successor, 5);
      rewinds.rewind({ topic, partition: 0, offset: 3 });
      await claim();
      expect(rewinds.settle(await groupCommitted(consumer, partitions, 10_000))).toEqual([]);
      expect(await groupCommitted(consumer, partitions, 10_000)).toEqual([{ topic, partition: 0, offset: 3 }]);
    } finally {
      await Promise.allSettled([...open].map(disconnect));
    }
  }, 120_000);
});
