import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { appendRecord, sealHead, verifyChain, type StoredRecord, type UnlinkedRecord } from '@ksb/audit-chain';
import { AUDIT_RECORD, readChainTails, verifyAuditLog } from '@ksb/audit-feature';
import { AUDIT_SEAL_HEADER, AUDIT_TRAIL_TOPIC, type AuditRecord } from '@ksb/contracts';
import { IngestPublisher } from '@ksb/producer';
import { auditWriterEnv, startAuditWriter, TestBroker, waitUntil, type RunningService } from '@ksb/testing-broker';
import { exampleContent, POLICE_EXAMPLE } from '../ingest/example-events';
import { auditKeys } from './audit-keys';
import { createPipelineTopics } from '../pipeline-topics';

/**
 * Regression for "a made-up DELIVERED record appended to ksb.audit.trail, linked to the chain's tail, passed
 * verify, and after a writer restart a genuine signed checkpoint covered it". The forger here is the admin
 * (the ACL keeps everyone else off the topic): the writer's signature is what still tells them apart.
 */
describe('a record appended to the audit trail by anyone but the writer (broker)', () => {
  const broker = new TestBroker();
  const keys = auditKeys();
  let ingest: IngestPublisher;
  let writer: RunningService | undefined;
  // The same group and transactional id for every start, as one deployment's writer.
  const env = auditWriterEnv(broker, keys.privateKeyFile, { KSB_AUDIT_CHECKPOINT_EVERY: '10' });
  const startWriter = () => startAuditWriter(env);
  const received = new Set<string>();
  const publish = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const content = { ...exampleContent(POLICE_EXAMPLE), envelope: { eventId: randomUUID() } };
      received.add((await ingest.publish('kpb-mettmann', 'police-notification', content)).eventId);
    }
  };
  const storedOf = async (partition: number): Promise<(StoredRecord & { record: AuditRecord })[]> => {
    const messages = (await broker.readAll(AUDIT_TRAIL_TOPIC, 3000)).filter((m) => m.partition === partition);
    messages.sort((a, b) => Number(BigInt(a.message.offset) - BigInt(b.message.offset)));
    return Promise.all(
      messages.map(async (m) => ({
        record: (await broker.wire.codec.decode<AuditRecord>(m.message.value)).value,
        bytes: m.message.value ?? Buffer.alloc(0),
        seal: m.header(AUDIT_SEAL_HEADER) ?? null,
      })),
    );
  };
  const recordsOf = async (partition: number): Promise<AuditRecord[]> =>
    (await storedOf(partition)).map((s) => s.record);
  const allReceivedRecorded = () =>
    waitUntil(
      async () => (await Promise.all([0, 1, 2].map(recordsOf))).flat().filter((r) => r.hop === 'RECEIVED').length,
      (n) => n >= received.size,
      { what: `${received.size} RECEIVED records` },
    );

  beforeAll(async () => {
    await createPipelineTopics(broker);
    ingest = await IngestPublisher.connect(broker.connection('forged-audit'));
  });

  afterAll(async () => {
    await writer?.stop();
    await ingest?.close();
    await broker.close();
  });

  it('fails verify on the forged record, and the writer never links to it nor signs a checkpoint over it', async () => {
    writer = await startWriter();
    await publish(20);
    await allReceivedRecorded();

    // The forger links a DELIVERED record to partition 0's tail and seals it under its own key.
    const schema = await broker.wire.registerSchema(AUDIT_TRAIL_TOPIC, AUDIT_RECORD);
    const tail = (await readChainTails(broker.wire, keys.publicKey)).get(0);
    if (!tail) throw new Error('partition 0 has no chain');
    const forgedHop: UnlinkedRecord = {
      auditId: `forged-${randomUUID()}`,
      hop: 'DELIVERED',
      eventId: randomUUID(),
      correlationId: randomUUID(),
      eventType: 'police-notification',
      senderOfficeId: 'kpb-soest',
      recipientOfficeId: 'ja-stadt-hilden',
      details: {},
      payloadSha256: null,
      recordedAt: new Date().toISOString(),
    };
    const next = appendRecord(tail.head, forgedHop, (r) => broker.wire.codec.encode(schema, r));
    const forged = next.record;
    const producer = await broker.wire.producer();
    await producer.send({
      topic: broker.topic(AUDIT_TRAIL_TOPIC),
      acks: -1,
      messages: [
        {
          partition: 0,
          value: next.bytes,
          headers: { [AUDIT_SEAL_HEADER]: sealHead(0, next.head, generateKeyPairSync('ed25519').privateKey) },
        },
      ],
    });

    // The writer goes on past it, and after a restart (when it reads the tails again) too. Each writer has
    // recorded its share before it stops, so each signs at least one checkpoint after the forged record.
    await publish(20);
    await allReceivedRecorded();
    await writer.stop();
    writer = await startWriter();
    await publish(20);
    await allReceivedRecorded();
    await writer.stop();
    writer = undefined;

    const verdicts = await verifyAuditLog(broker.wire, keys.publicKey);
    expect(verdicts.find((v) => v.partition === 0)?.verdict).toMatchObject({
      ok: false,
      kind: 'FORGED',
      sequence: forged.sequence,
    });
    // Without the forged record, partition 0 is whole and every checkpoint the writer signed after it holds:
    // no checkpoint covers it.
    const stored = await storedOf(0);
    const records = stored.map((s) => s.record);
    const at = records.findIndex((r) => r.auditId === forged.auditId);
    expect(at).toBeGreaterThan(0);
    const genuine = stored.filter((s) => s.record.auditId !== forged.auditId);
    const checkpointsAfter = records.slice(at + 1).filter((r) => r.hop === 'CHECKPOINT').length;
    expect(checkpointsAfter).toBeGreaterThanOrEqual(2);
    expect(verifyChain(genuine, keys.publicKey, { partition: 0 })).toMatchObject({ ok: true, unsignedTail: 0 });
    expect(records[at + 1].previousHash).toBe(tail.head.hash);
  });
});
