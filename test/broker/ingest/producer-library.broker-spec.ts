import type { ChildWelfareNotification } from '@ksb/contracts';
import { isSealed } from '@ksb/case-keys';
import {
  BridgeProducer,
  CaseKeyServiceUnavailableError,
  GatewayCaseKeys,
  SenderMismatchError,
  type EventContent,
} from '@ksb/producer';
import { startGateway, TestBroker, type TestGateway } from '@ksb/testing-broker';
import { BrokerUnavailableError, InvalidEventError, RegistryUnavailableError, type DecodedEvent } from '@ksb/wire';
import { exampleContent, POLICE_EXAMPLE } from './example-events';

const TOPIC = 'ksb.ingest.police-notification';
const content = () => exampleContent(POLICE_EXAMPLE) as unknown as EventContent<ChildWelfareNotification>;

describe('producer library → ingest topic (broker)', () => {
  const broker = new TestBroker();
  const mettmannKey = () => {
    const signer = broker.signerFor('kpb-mettmann');
    if (!signer) throw new Error('the local stack has no signing key for kpb-mettmann');
    return signer;
  };
  let producer: BridgeProducer;
  let gateway: TestGateway;
  const keyService = () => new GatewayCaseKeys({ url: gateway.baseUrl, apiKey: gateway.keys['kpb-mettmann'] });
  const connect = (sealing: GatewayCaseKeys) =>
    BridgeProducer.connect({
      sealing,
      brokers: broker.env.KSB_KAFKA_BROKERS,
      registryUrl: broker.env.KSB_REGISTRY_URL,
      security: broker.env.security,
      senderOfficeId: 'kpb-mettmann',
      signer: mettmannKey(),
      topicSuffix: broker.suffix,
    });

  beforeAll(async () => {
    await broker.createTopics(TOPIC, 'ksb.ingest.jugendamt-urgent-notice', 'ksb.ingest.acknowledgement');
    gateway = await startGateway(broker, ['kpb-mettmann']);
    producer = await connect(keyService());
  });

  afterAll(async () => {
    await producer?.close();
    await gateway?.service.stop();
    await broker.close();
  });

  it('refuses invalid and misaddressed events before anything is sent, then delivers a valid one decodable', async () => {
    const invalid = { ...content(), triggerCategory: 'BURGLARY', children: 'Mia' } as never;
    const error = await producer.publishPoliceNotification(invalid).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidEventError);
    expect((error as InvalidEventError).fieldPaths).toEqual(['triggerCategory', 'children']);

    await expect(
      producer.publishPoliceNotification({ ...content(), envelope: { senderOfficeId: 'kpb-soest' } }),
    ).rejects.toBeInstanceOf(SenderMismatchError);

    const receipt = await producer.publishPoliceNotification({
      ...content(),
      envelope: { occurredAt: '2026-11-20T22:40:00.000Z' },
    });
    expect(receipt.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(receipt.correlationId).toBe(receipt.eventId);

    const events = (await broker.collect<ChildWelfareNotification>(
      TOPIC,
      1,
    )) as DecodedEvent<ChildWelfareNotification>[];
    const offsets = await broker.wire.withAdmin((admin) => admin.fetchTopicOffsets(broker.topic(TOPIC)));
    expect(offsets.reduce((n, p) => n + Number(p.high), 0)).toBe(1);

    const [event] = events;
    // Sealed on the topic under a key from the gateway's key service; the bridge's store opens it.
    const [raw] = await broker.readAll(TOPIC, 1000);
    expect(isSealed(raw.message.value)).toBe(true);
    expect(raw.message.value?.includes(Buffer.from('Mia'))).toBe(false);
    expect(event.kind).toBe('decoded');
    expect(event.key).toBe(receipt.correlationId);
    expect(event.value.envelope).toMatchObject({
      eventId: receipt.eventId,
      senderOfficeId: 'kpb-mettmann',
      occurredAt: '2026-11-20T22:40:00.000Z',
      correlationId: receipt.eventId,
      contractVersion: '1',
    });
    expect(event.value.children[0].person.givenName).toBe('Mia');
    expect(event.value.incident.place.municipalityKey).toBe('05158016');
    expect(event.headers).toMatchObject({
      eventId: receipt.eventId,
      producer: 'ksb-producer-kpb-mettmann',
      schemaVersion: 1,
    });
  });

  it('fails with REGISTRY_UNAVAILABLE when the registry does not answer', async () => {
    const attempt = BridgeProducer.connect({
      brokers: broker.env.KSB_KAFKA_BROKERS,
      registryUrl: 'http://127.0.0.1:1/apis/ccompat/v7',
      sealing: keyService(),
      senderOfficeId: 'kpb-mettmann',
      signer: mettmannKey(),
      topicSuffix: broker.suffix,
    });
    await expect(attempt).rejects.toBeInstanceOf(RegistryUnavailableError);
  });

  it('fails with BROKER_UNAVAILABLE when no broker answers', async () => {
    const attempt = BridgeProducer.connect({
      brokers: ['127.0.0.1:1'],
      sealing: keyService(),
      registryUrl: broker.env.KSB_REGISTRY_URL,
      security: broker.env.security,
      senderOfficeId: 'kpb-mettmann',
      signer: mettmannKey(),
      topicSuffix: broker.suffix,
      retries: 1,
    });
    await expect(attempt).rejects.toThrow(BrokerUnavailableError);
    await expect(attempt).rejects.toThrow(/cannot reach Kafka at 127.0.0.1:1/);
  });

  it('sends nothing when the key service does not give a key: CASE_KEY_SERVICE_UNAVAILABLE, retriable', async () => {
    const unsealed = await connect(new GatewayCaseKeys({ url: gateway.baseUrl, apiKey: 'not-an-api-key' }));
    try {
      const before = await broker.readAll(TOPIC, 1000);
      const error = await unsealed.publishPoliceNotification(content()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CaseKeyServiceUnavailableError);
      expect(error).toMatchObject({ code: 'CASE_KEY_SERVICE_UNAVAILABLE', retriable: true });
      expect((error as Error).message).toContain('401');
      expect(await broker.readAll(TOPIC, 1000)).toHaveLength(before.length);
    } finally {
      await unsealed.close();
    }
  });
});
