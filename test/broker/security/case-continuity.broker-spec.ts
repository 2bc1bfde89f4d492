import { randomUUID } from 'node:crypto';
import { DEAD_LETTER_HEADER } from '@ksb/contracts';
import { IngestPublisher } from '@ksb/producer';
import { freePort, startService, TestBroker, uniqueGroupId, waitUntil, type RunningService } from '@ksb/testing-broker';
import { ACK_EXAMPLE, exampleContent, POLICE_EXAMPLE } from '../ingest/example-events';

/**
 * Regression for "a sender may pick any correlationId/causationId and, for an acknowledgement, any recipient":
 * the router checks both against the cases it has routed, also after a restart (it reads them back first).
 */
describe('cases continue only with their offices; acknowledgements only from recipients (broker)', () => {
  const broker = new TestBroker();
  let router: RunningService | undefined;
  let ingest: IngestPublisher;
  const env = broker.serviceEnv({ KSB_ROUTER_GROUP_ID: uniqueGroupId('router') });
  const startRouter = async () => startService('router', { ...env, KSB_ROUTER_PORT: String(await freePort()) });
  const ack = (sender: string, acknowledgedEventId: string, envelope: object, original = 'kpb-mettmann') =>
    ingest.publish(sender, 'acknowledgement', {
      ...exampleContent(ACK_EXAMPLE),
      acknowledgedEventId,
      originalSenderOfficeId: original,
      envelope,
    });

  beforeAll(async () => {
    await broker.createCatalogueTopics();
    ingest = await IngestPublisher.connect(broker.connection('case-continuity'));
    router = await startRouter();
  });

  afterAll(async () => {
    await router?.stop();
    await ingest?.close();
    await broker.close();
  });

  it('dead-letters an event that joins another office’s case and acknowledgements of what the sender never received', async () => {
    // Mettmann's police notify Hilden (case owner) and Erkrath (acute): case C.
    const police = await ingest.publish('kpb-mettmann', 'police-notification', exampleContent(POLICE_EXAMPLE));
    await broker.routed(police.eventId);
    const inCase = { correlationId: police.correlationId, causationId: police.eventId };

    const intruder = await ingest.publish('kpb-viersen', 'police-notification', {
      ...exampleContent(POLICE_EXAMPLE),
      envelope: { correlationId: police.correlationId },
    });
    const notRecipient = await ack('ja-stadt-soest', police.eventId, {});
    const wrongOriginal = await ack('ja-stadt-hilden', police.eventId, inCase, 'kpb-soest');
    const unknown = await ack('ja-stadt-hilden', randomUUID(), {});
    const genuine = await ack('ja-stadt-hilden', police.eventId, inCase);

    const letters = await waitUntil(
      () => broker.readAll('ksb.ops.dead-letter', 1500),
      (all) => all.length >= 4,
      { what: 'four dead letters' },
    );
    expect(
      Object.fromEntries(letters.map((l) => [l.header('ksb-event-id'), l.header(DEAD_LETTER_HEADER.reasonCode)])),
    ).toEqual({
      [intruder.eventId]: 'CASE_NOT_SENDERS',
      [notRecipient.eventId]: 'ACKNOWLEDGEMENT_NOT_FROM_RECIPIENT',
      [wrongOriginal.eventId]: 'ACKNOWLEDGEMENT_WRONG_ORIGINAL_SENDER',
      [unknown.eventId]: 'ACKNOWLEDGED_EVENT_UNKNOWN',
    });
    await broker.routed(genuine.eventId, 'ksb.routed.acknowledgement');

    // A restarted router knows the case from the routed topics: Erkrath's answer still goes through.
    await router?.stop();
    router = await startRouter();
    const afterRestart = await ack('ja-stadt-erkrath', police.eventId, inCase);
    await broker.routed(afterRestart.eventId, 'ksb.routed.acknowledgement');
    expect(router.logs.some((l) => l.includes('cases loaded'))).toBe(true);
  });
});
