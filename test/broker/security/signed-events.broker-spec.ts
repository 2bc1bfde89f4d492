import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEAD_LETTER_HEADER } from '@ksb/contracts';
import { IngestPublisher } from '@ksb/producer';
import { signEvent, type Signer } from '@ksb/signatures';
import {
  freePort,
  startGateway,
  startService,
  TestBroker,
  uniqueGroupId,
  waitUntil,
  type RunningService,
  type TestGateway,
} from '@ksb/testing-broker';
import type { DecodedEvent } from '@ksb/wire';
import { exampleContent, POLICE_EXAMPLE } from '../ingest/example-events';
import { createPipelineTopics } from '../pipeline-topics';

type Routed = {
  decision: { signedBy: string | null; signingKeyId: string | null };
  event: { envelope: { eventId: string; senderOfficeId: string } };
};

/**
 * Events signed by the sending agency, checked by the router against the directory's keys. Regression for
 * "a police notification produced straight to ksb.ingest.police-notification claiming kpb-soest as sender was
 * delivered to both Jugendämter as coming from kpb-soest".
 */
describe('signed events: the router routes only what the sender’s key vouches for (broker)', () => {
  const broker = new TestBroker();
  let router: RunningService | undefined;
  let redactor: RunningService | undefined;
  let gateway: TestGateway | undefined;
  const publishers: IngestPublisher[] = [];
  const TOPIC = 'ksb.ingest.police-notification';

  /** A publisher that signs every sender's events with `signer` (a stolen key, a made-up one). */
  const publisherSigningWith = async (signer: Signer | undefined) => {
    const publisher = await IngestPublisher.connect({ ...broker.connection('signed-events'), signerFor: () => signer });
    publishers.push(publisher);
    return publisher;
  };
  const event = () => ({ ...exampleContent(POLICE_EXAMPLE), envelope: { eventId: randomUUID() } });

  beforeAll(async () => {
    await createPipelineTopics(broker);
    redactor = await startService(
      'redactor',
      broker.serviceEnv({
        KSB_REDACTOR_GROUP_ID: uniqueGroupId('redactor'),
        KSB_REDACTOR_PORT: String(await freePort()),
      }),
    );
    router = await startService(
      'router',
      broker.serviceEnv({ KSB_ROUTER_GROUP_ID: uniqueGroupId('router'), KSB_ROUTER_PORT: String(await freePort()) }),
    );
    gateway = await startGateway(broker, ['kpb-mettmann']);
  });

  afterAll(async () => {
    await Promise.all([router?.stop(), redactor?.stop(), gateway?.service.stop(), ...publishers.map((p) => p.close())]);
    await broker.close();
  });

  it('routes an event signed by its sender and one the gateway signed as proxy, and records which', async () => {
    const own = await (
      await publisherSigningWith(broker.signerFor('kpb-mettmann'))
    ).publish('kpb-mettmann', 'police-notification', event());
    const viaGateway = event();
    const response = await fetch(`${gateway?.baseUrl}/v1/events/police-notification`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': gateway?.keys['kpb-mettmann'] ?? '' },
      body: JSON.stringify(viaGateway),
    });
    expect(response.status).toBe(202);

    const routed = (await broker.collect<Routed>('ksb.routed.police-notification', 2)) as DecodedEvent<Routed>[];
    const by = new Map(routed.map((r) => [r.value.event.envelope.eventId, r.value.decision]));
    expect(by.get(own.eventId)).toMatchObject({ signedBy: 'agency', signingKeyId: 'kpb-mettmann-local-1' });
    expect(by.get(viaGateway.envelope.eventId)).toMatchObject({
      signedBy: 'gateway-proxy',
      signingKeyId: 'ksb-gateway-local-1',
    });
  });

  it('dead-letters a forged sender, an unknown key, an unsigned event and changed bytes, each with its reason', async () => {
    const forged = await (
      await publisherSigningWith(broker.signerFor('kpb-mettmann'))
    ).publish('kpb-soest', 'police-notification', event());
    const madeUp = { keyId: 'kpb-soest-local-1', privateKey: generateKeyPairSync('ed25519').privateKey };
    const unknown = await (
      await publisherSigningWith({ ...madeUp, keyId: 'kpb-soest-2099' })
    ).publish('kpb-soest', 'police-notification', event());
    const wrongKey = await (await publisherSigningWith(madeUp)).publish('kpb-soest', 'police-notification', event());

    // Straight onto the topic with any Kafka client: no signature, or a genuine one over other bytes.
    const schema = await broker.wire.registerSchema(TOPIC, 'de.kinderschutz.bridge.police.ChildWelfareNotification');
    const envelope = (eventId: string) => ({
      eventId,
      occurredAt: new Date().toISOString(),
      recordedAt: new Date().toISOString(),
      senderOfficeId: 'kpb-mettmann',
      correlationId: eventId,
      causationId: null,
      contractVersion: '1.0',
    });
    const unsignedId = randomUUID();
    const changedId = randomUUID();
    const original = broker.wire.codec.encode(schema, {
      ...exampleContent(POLICE_EXAMPLE),
      envelope: envelope(changedId),
    });
    const signature = signEvent(TOPIC, original, broker.signerFor('kpb-mettmann') as Signer);
    const changed = broker.wire.codec.encode(schema, {
      ...exampleContent(POLICE_EXAMPLE),
      envelope: { ...envelope(changedId), senderOfficeId: 'kpb-mettmann', contractVersion: '1.1' },
    });
    const producer = await broker.wire.producer();
    await producer.send({
      topic: broker.topic(TOPIC),
      acks: -1,
      messages: [
        {
          key: unsignedId,
          value: broker.wire.codec.encode(schema, {
            ...exampleContent(POLICE_EXAMPLE),
            envelope: envelope(unsignedId),
          }),
          headers: { 'ksb-event-id': unsignedId },
        },
        { key: changedId, value: changed, headers: { 'ksb-event-id': changedId, ...signature } },
      ],
    });

    const letters = await waitUntil(
      async () => broker.readAll('ksb.ops.dead-letter', 2000),
      (all) => all.length >= 5,
      { what: 'five dead letters' },
    );
    const reason = new Map(letters.map((l) => [l.header('ksb-event-id'), l.header(DEAD_LETTER_HEADER.reasonCode)]));
    expect(Object.fromEntries(reason)).toEqual({
      [forged.eventId]: 'SIGNING_KEY_NOT_SENDERS',
      [unknown.eventId]: 'SIGNING_KEY_UNKNOWN',
      [wrongKey.eventId]: 'SIGNATURE_INVALID',
      [unsignedId]: 'UNSIGNED_EVENT',
      [changedId]: 'SIGNATURE_INVALID',
    });
    const routed = await broker.readAll('ksb.routed.police-notification', 2000);
    const routedIds = routed.map((r) => r.header('ksb-causation-id'));
    for (const id of reason.keys()) expect(routedIds).not.toContain(id);
  });

  it('signs every delivery, so a recipient can tell the bridge’s records from one copied onto its topic', async () => {
    const ksb = join(__dirname, '..', '..', '..', 'bin', 'ksb');
    const verify = () =>
      promisify(execFile)(ksb, ['delivery', 'verify', '--office', 'ja-stadt-hilden'], { env: broker.serviceEnv() });
    // The two events the first test routed reach Hilden (case owner) and Erkrath (acute).
    const [erkrath] = await broker.collectRaw('ksb.delivery.ja-stadt-erkrath', 2, 60_000);
    await broker.collectRaw('ksb.delivery.ja-stadt-hilden', 2, 60_000);
    await expect(verify()).resolves.toMatchObject({
      stdout: expect.stringMatching(
        /^2 of 2 deliveries on ksb\.delivery\.ja-stadt-hilden\.\S+ signed by the bridge for ja-stadt-hilden$/m,
      ),
    });

    // Erkrath's record, signature and all, written onto Hilden's topic: signed, but not for Hilden.
    const producer = await broker.wire.producer();
    await producer.send({
      topic: broker.topic('ksb.delivery.ja-stadt-hilden'),
      acks: -1,
      messages: [{ key: erkrath.message.key, value: erkrath.message.value, headers: erkrath.message.headers }],
    });
    await expect(verify()).rejects.toMatchObject({
      code: 1,
      stdout: expect.stringMatching(
        /FAIL {2}\S+\/\d+\/\d+: the signature does not match the delivered bytes[\s\S]*2 of 3 deliveries/,
      ),
    });
  });
});
