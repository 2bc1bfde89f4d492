import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_DIR, type CanaryProbe } from '@ksb/contracts';
import { randomUUID } from 'node:crypto';
import { freePort, startService, TestBroker, uniqueGroupId, type RunningService } from '@ksb/testing-broker';
import { HEADER, type DecodedEvent, type EventPublisher } from '@ksb/wire';

const CANARY = 'de.kinderschutz.bridge.ops.CanaryProbe';

describe('walking skeleton: canary probe through the router (broker)', () => {
  const broker = new TestBroker();
  let router: RunningService;
  let publisher: EventPublisher;

  beforeAll(async () => {
    await broker.createCatalogueTopics();
    publisher = await broker.wire.publisher();
    router = await startService(
      'router',
      broker.serviceEnv({ KSB_ROUTER_GROUP_ID: uniqueGroupId('router'), KSB_ROUTER_PORT: String(await freePort()) }),
    );
  });

  afterAll(async () => {
    await router?.stop();
    await broker.close();
  });

  it('delivers the decoded probe on the routed topic with the router hop and causation headers', async () => {
    const schema = await broker.wire.registerSchema('ksb.ingest.canary', CANARY);
    const probe: CanaryProbe = {
      probeId: randomUUID(),
      route: 'police-to-jugendamt',
      sentAt: new Date().toISOString(),
      hops: [],
    };
    const eventId = randomUUID();
    await publisher.publish({
      topic: 'ksb.ingest.canary',
      schema,
      key: probe.probeId,
      value: probe,
      eventId,
      correlationId: probe.probeId,
    });

    const [routed] = (await broker.collect<CanaryProbe>('ksb.routed.canary', 1)) as DecodedEvent<CanaryProbe>[];
    expect(routed.kind).toBe('decoded');
    expect(routed.recordName).toBe(CANARY);
    expect(routed.key).toBe(probe.probeId);
    expect(routed.value).toEqual({ ...probe, hops: [{ service: 'router', at: expect.any(String) }] });
    expect(Date.parse(routed.value.hops[0].at)).toBeGreaterThanOrEqual(Date.parse(probe.sentAt));
    expect(routed.headers).toMatchObject({
      correlationId: probe.probeId,
      causationId: eventId,
      producer: 'router',
      schemaSubject: `${broker.topic('ksb.routed.canary')}-${CANARY}`,
      schemaVersion: 1,
    });
    expect(routed.headers.eventId).not.toBe(eventId);
  });

  it('dead-letters a value that is not Avro, with the reason in headers, and keeps the partition flowing', async () => {
    const producer = await broker.wire.producer();
    await producer.send({
      topic: broker.topic('ksb.ingest.canary'),
      messages: [
        {
          key: 'poison',
          value: Buffer.from('{"not":"avro"}'),
          headers: { [HEADER.eventId]: 'poison-1' },
          partition: 0,
        },
      ],
    });
    const schema = await broker.wire.registerSchema('ksb.ingest.canary', CANARY);
    const after: CanaryProbe = {
      probeId: randomUUID(),
      route: 'after-poison',
      sentAt: new Date().toISOString(),
      hops: [],
    };
    await producer.send({
      topic: broker.topic('ksb.ingest.canary'),
      messages: [{ key: 'poison', value: broker.wire.codec.encode(schema, after), partition: 0 }],
    });

    const [dead] = await broker.collectRaw('ksb.ops.dead-letter', 1);
    expect(dead.message.value?.toString()).toBe('{"not":"avro"}');
    expect(dead.header('ksb-reason-code')).toBe('UNFRAMED_VALUE');
    expect(dead.header('__connect.errors.topic')).toBe(broker.topic('ksb.ingest.canary'));
    expect(dead.header('__connect.errors.partition')).toBe('0');
    expect(dead.header('__connect.errors.exception.class.name')).toBe('UnframedValueError');
    expect(dead.header('ksb-failed-service')).toBe('router');
    expect(dead.header(HEADER.eventId)).toBe('poison-1');

    const routed = (await broker.collect<CanaryProbe>('ksb.routed.canary', 2)) as DecodedEvent<CanaryProbe>[];
    expect(routed.map((e) => e.value.route)).toContain('after-poison');
  });

  it('dead-letters a well-formed record of the wrong type instead of retrying it forever', async () => {
    const police = await broker.wire.registerSchema(
      'ksb.ingest.police-notification',
      'de.kinderschutz.bridge.police.ChildWelfareNotification',
    );
    const example = JSON.parse(readFileSync(join(SCHEMA_DIR, 'examples', 'police-notification.hilden.json'), 'utf8'));
    const producer = await broker.wire.producer();
    await producer.send({
      topic: broker.topic('ksb.ingest.canary'),
      messages: [{ key: 'wrong', value: broker.wire.codec.encode(police, example), partition: 1 }],
    });
    const canary = await broker.wire.registerSchema('ksb.ingest.canary', CANARY);
    const after: CanaryProbe = {
      probeId: randomUUID(),
      route: 'after-wrong-record',
      sentAt: new Date().toISOString(),
      hops: [],
    };
    await producer.send({
      topic: broker.topic('ksb.ingest.canary'),
      messages: [{ key: 'wrong', value: broker.wire.codec.encode(canary, after), partition: 1 }],
    });

    const dead = await broker.collectRaw('ksb.ops.dead-letter', 2);
    expect(dead.map((d) => d.header('ksb-reason-code'))).toContain('UNEXPECTED_RECORD_TYPE');
    const routed = (await broker.collect<CanaryProbe>('ksb.routed.canary', 3)) as DecodedEvent<CanaryProbe>[];
    expect(routed.map((e) => e.value.route)).toContain('after-wrong-record');
  });
});
