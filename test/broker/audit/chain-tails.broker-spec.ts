import { AUDIT_SEAL_HEADER, AUDIT_TRAIL_TOPIC } from '@ksb/contracts';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import {
  appendRecord,
  emptyChain,
  sealHead,
  type ChainHead,
  type RecordEncoder,
  type UnlinkedRecord,
} from '@ksb/audit-chain';
import { AUDIT_RECORD, readChainTails } from '@ksb/audit-feature';
import { TestBroker, uniqueGroupId } from '@ksb/testing-broker';

const hop = (i: number): UnlinkedRecord => ({
  auditId: `a-${i}`,
  hop: 'RECEIVED',
  eventId: `e-${i}`,
  correlationId: `c-${i}`,
  eventType: 'police-notification',
  senderOfficeId: 'kpb-mettmann',
  recipientOfficeId: null,
  details: {},
  payloadSha256: null,
  recordedAt: new Date(1_795_000_000_000 + i).toISOString(),
});

describe('where each audit chain stands when the writer restarts (broker)', () => {
  const broker = new TestBroker();
  const writer = generateKeyPairSync('ed25519');
  let encode: RecordEncoder = () => {
    throw new Error('no schema yet');
  };
  /** Linked and encoded; sealed (with `key`) as the last record of a transaction, or left unsealed. */
  const linked = (head: ChainHead, record: UnlinkedRecord, key: KeyObject | null = writer.privateKey) => {
    const next = appendRecord(head, record, encode);
    const headers = key ? { [AUDIT_SEAL_HEADER]: sealHead(0, next.head, key) } : undefined;
    return { message: { partition: 0, value: next.bytes, headers }, head: next.head };
  };

  afterAll(() => broker.close());

  it('finds the writer’s last committed record behind an aborted transaction and behind forged records, in bounded windows, and the genesis on an empty partition', async () => {
    await broker.createTopics(AUDIT_TRAIL_TOPIC);
    const schema = await broker.wire.registerSchema(AUDIT_TRAIL_TOPIC, AUDIT_RECORD);
    encode = (record) => broker.wire.codec.encode(schema, record);
    const topic = broker.topic(AUDIT_TRAIL_TOPIC);
    const producer = await broker.wire.producer({ transactionalId: uniqueGroupId('tails') });
    let head: ChainHead = emptyChain;
    const committed = [];
    // One transaction of five records, sealed on its last.
    for (let i = 1; i <= 5; i++) {
      const next = linked(head, hop(i), i === 5 ? writer.privateKey : null);
      head = next.head;
      committed.push(next.message);
    }
    const ok = await producer.transaction();
    await ok.send({ topic, messages: committed });
    await ok.commit();
    // A writer that died mid-transaction: 40 records after the last commit, aborted — more than the first window.
    const aborted = await producer.transaction();
    let ghost = head;
    const lost = Array.from({ length: 40 }, (_, i) => {
      const next = linked(ghost, hop(100 + i));
      ghost = next.head;
      return next.message;
    });
    await aborted.send({ topic, messages: lost });
    await aborted.abort();
    // Someone else appends after the tail: records linked to it but unsealed or sealed with another key, and
    // bytes that are no record at all.
    const forger = generateKeyPairSync('ed25519').privateKey;
    const forged = [
      ...Array.from({ length: 20 }, (_, i) => linked(head, hop(200 + i), null).message),
      ...Array.from({ length: 9 }, (_, i) => linked(head, hop(300 + i), forger).message),
    ];
    const plain = await broker.wire.producer();
    await plain.send({ topic, acks: -1, messages: [...forged, { partition: 0, value: Buffer.from('not a record') }] });

    const tails = await readChainTails(broker.wire, writer.publicKey);
    expect(tails.get(0)?.head).toEqual(head);
    expect(tails.get(0)?.last?.auditId).toBe('a-5');
    expect(tails.get(0)?.foreign).toBe(30);
    expect(tails.get(1)?.head).toEqual(emptyChain);
    expect(tails.get(2)?.head).toEqual(emptyChain);
    // Windows capped at 20 offsets: the search walks back through several (the 30 foreign records, the 40
    // aborted ones and their markers), reads none twice and counts the same.
    const capped = await readChainTails(broker.wire, writer.publicKey, 20n);
    expect([capped.get(0)?.head, capped.get(0)?.last?.auditId, capped.get(0)?.foreign]).toEqual([head, 'a-5', 30]);
    expect(capped.get(1)).toEqual({ head: emptyChain, foreign: 0 });
  });
});
