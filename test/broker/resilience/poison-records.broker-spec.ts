import { signEvent, type Signer } from '@ksb/signatures';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { verifyAuditLog, collectAudit } from '@ksb/audit-feature';
import { DEAD_LETTER_HEADER, NAMESPACE_ROOT } from '@ksb/contracts';
import {
  auditWriterEnv,
  probeHealth,
  startAuditWriter,
  startStreamServices,
  TestBroker,
  waitUntil,
  type RunningService,
} from '@ksb/testing-broker';
import { frame, type RegisteredSchema, Compression, type ClientProducer } from '@ksb/wire';
import { auditKeys } from '../audit/audit-keys';
import { ACK_EXAMPLE, exampleEvent, POLICE_EXAMPLE } from '../ingest/example-events';
import { createPipelineTopics } from '../pipeline-topics';

const POLICE_TOPIC = 'ksb.ingest.police-notification';
const ROUTED_TOPIC = 'ksb.routed.police-notification';
const POLICE_RECORD = `${NAMESPACE_ROOT}.police.ChildWelfareNotification`;
const ACK_RECORD = `${NAMESPACE_ROOT}.feedback.Acknowledgement`;
const HUGE_BYTES = 1_100_000;

/**
 * Regression for "one record stopped a stage, and restarting did not help": each poison class on the topics
 * router, redactor and audit writer consume. Every one is dead-lettered with its reason, valid events in any
 * codec are delivered, and no stage crashes or turns unhealthy.
 */
describe('poison records never stop a stage (broker)', () => {
  const broker = new TestBroker();
  const keys = auditKeys();
  const services: RunningService[] = [];
  let producer: ClientProducer;
  let police: RegisteredSchema;
  const mettmann = (): Signer => {
    const signer = broker.signerFor('kpb-mettmann');
    if (!signer) throw new Error('the local stack has no signing key for kpb-mettmann');
    return signer;
  };

  const notification = (eventId = randomUUID()) => {
    const event = exampleEvent<{ envelope: Record<string, unknown> }>(POLICE_EXAMPLE);
    event.envelope = { ...event.envelope, eventId, correlationId: randomUUID() };
    return broker.wire.codec.encode(police, event);
  };
  const send = (
    topic: string,
    value: Buffer,
    compression: Compression = Compression.None,
    headers: Record<string, string> = {},
  ) =>
    producer.send({
      topic: broker.topic(topic),
      compression,
      acks: -1,
      messages: [{ key: randomUUID(), value, headers }],
    });

  beforeAll(async () => {
    await createPipelineTopics(broker);
    // As if another tool had raised the topic's limit: the broker then takes a record the bridge cannot copy.
    await broker.wire.withAdmin((admin) =>
      admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: 2,
            name: broker.topic(POLICE_TOPIC),
            configEntries: [{ name: 'max.message.bytes', value: String(2 * 1024 * 1024) }],
          },
        ],
      }),
    );
    police = await broker.wire.registerSchema(POLICE_TOPIC, POLICE_RECORD);
    producer = await broker.wire.producer();
    services.push(
      ...(await startStreamServices(broker, 'router', 'redactor')),
      await startAuditWriter(auditWriterEnv(broker, keys.privateKeyFile)),
    );
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await broker.close();
  });

  it('dead-letters every poison class with its reason, delivers valid events in every codec, and stays healthy', async () => {
    // Another record type, registered under the police topic as a foreign client could.
    const ack = await broker.wire.codec.register(broker.topic(POLICE_TOPIC), ACK_RECORD, 'BACKWARD_TRANSITIVE');
    const foreignOnRouted = await broker.wire.codec.register(
      broker.topic(ROUTED_TOPIC),
      POLICE_RECORD,
      'FULL_TRANSITIVE',
    );
    const valid = notification();
    const huge = frame(police.id, randomBytes(HUGE_BYTES));

    await send(POLICE_TOPIC, Buffer.from('not avro, not framed'));
    await send(POLICE_TOPIC, frame(2_000_000_000, Buffer.from([2, 4, 6])));
    await send(POLICE_TOPIC, valid.subarray(0, Math.floor(valid.length / 2)));
    await send(POLICE_TOPIC, broker.wire.codec.encode(ack, exampleEvent(ACK_EXAMPLE)));
    await send(POLICE_TOPIC, huge);
    await send(
      ROUTED_TOPIC,
      broker.wire.codec.encode(foreignOnRouted, exampleEvent(POLICE_EXAMPLE)),
      Compression.Snappy,
    );
    await send(ROUTED_TOPIC, Buffer.from('garbage on the routed topic'), Compression.ZSTD);
    const codecs = {
      none: Compression.None,
      gzip: Compression.GZIP,
      snappy: Compression.Snappy,
      lz4: Compression.LZ4,
      zstd: Compression.ZSTD,
    };
    const sent: string[] = [];
    for (const compression of Object.values(codecs)) {
      const eventId = randomUUID();
      sent.push(eventId);
      // Valid events, signed as the sender's own producer would, so only the codec differs.
      const value = notification(eventId);
      await send(POLICE_TOPIC, value, compression, signEvent(POLICE_TOPIC, value, mettmann()));
    }

    const delivered = await broker.readAll('ksb.delivery.ja-stadt-hilden');
    expect(delivered.map((d) => d.header('ksb-source-event-id')).sort()).toEqual([...sent].sort());

    const dead = await broker.readAll('ksb.ops.dead-letter');
    const reasons = dead.map((d) => `${d.header(DEAD_LETTER_HEADER.failedService)}:${d.header('ksb-reason-code')}`);
    expect(reasons.sort()).toEqual(
      [
        'router:UNFRAMED_VALUE',
        'router:UNKNOWN_SCHEMA_ID',
        'router:UNDECODABLE_VALUE',
        'router:UNEXPECTED_RECORD_TYPE',
        'router:UNDECODABLE_VALUE',
        'redactor:UNEXPECTED_RECORD_TYPE',
        'redactor:UNFRAMED_VALUE',
      ].sort(),
    );
    const reference = dead.find((d) => d.header(DEAD_LETTER_HEADER.originalStored) === 'reference');
    expect(reference?.message.value).toBeNull();
    expect(reference?.header(DEAD_LETTER_HEADER.originalSizeBytes)).toBe(String(huge.length));
    expect(reference?.header(DEAD_LETTER_HEADER.originalSha256)).toBe(createHash('sha256').update(huge).digest('hex'));
    expect(dead.filter((d) => d.header(DEAD_LETTER_HEADER.originalStored) === 'inline')).toHaveLength(6);

    for (const service of services) {
      expect((await probeHealth(service, 'live')).status).toBe(200);
      expect((await probeHealth(service, 'ready')).status).toBe(200);
    }
    const rejected = await waitUntil(
      async () => (await collectAudit(broker.wire, { hops: ['REJECTED'] })).length,
      (n) => n >= 7,
      { what: 'seven REJECTED audit records' },
    );
    expect(rejected).toBe(7);
    const verdicts = await verifyAuditLog(broker.wire, keys.publicKey);
    expect(verdicts.every((v) => v.verdict.ok)).toBe(true);
    expect(services.map((s) => s.logs.some((l) => l.includes('consumer crashed')))).toEqual(services.map(() => false));
  });
});
