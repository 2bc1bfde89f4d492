import { randomUUID } from 'node:crypto';
import { DEAD_LETTER_HEADER, HEADER } from '@ksb/contracts';
import { IngestPublisher } from '@ksb/producer';
import { startStreamService, TestBroker, waitUntil, type RunningService } from '@ksb/testing-broker';
import { exampleContent, POLICE_EXAMPLE } from '../ingest/example-events';
import { createPipelineTopics } from '../pipeline-topics';

/**
 * Regression for the fault suite's duplicated deliveries: a sender whose request failed ambiguously retries
 * with the same event id, and both copies reach the ingest topic. The router routes the first and
 * dead-letters every later copy as DUPLICATE_EVENT, within one batch, across batches and after a restart
 * (its window is read back from what it committed), so each office receives the event once.
 */
describe('an event written to ingest twice is delivered once (broker)', () => {
  const broker = new TestBroker();
  const services: RunningService[] = [];
  let ingest: IngestPublisher;

  beforeAll(async () => {
    await createPipelineTopics(broker);
    ingest = await IngestPublisher.connect(broker.connection('duplicate-events'));
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await ingest?.close();
    await broker.close();
  });

  const publishTwice = async () => {
    const content = { ...exampleContent(POLICE_EXAMPLE), envelope: { eventId: randomUUID() } };
    const first = await ingest.publish('kpb-mettmann', 'police-notification', content);
    await ingest.publish('kpb-mettmann', 'police-notification', content);
    return first.eventId;
  };

  const routedIds = async () =>
    (await broker.readAll('ksb.routed.police-notification', 3000)).map((r) => r.header(HEADER.causationId));

  it('routes each event id once, before and after a router restart, and says so in a dead letter', async () => {
    const before = [await publishTwice(), await publishTwice()];
    const groupId = `ksb-router-dup-${broker.suffix}`;
    let router = await startStreamService(broker, 'router', { KSB_ROUTER_GROUP_ID: groupId });
    services.push(router);
    await waitUntil(routedIds, (ids) => before.every((id) => ids.includes(id)), { what: 'the first two routed' });

    await router.stop();
    // The retry arrives after the restart: the new router knows the id from what was committed.
    const content = { ...exampleContent(POLICE_EXAMPLE), envelope: { eventId: before[0] } };
    await ingest.publish('kpb-mettmann', 'police-notification', content);
    const after = await publishTwice();
    router = await startStreamService(broker, 'router', { KSB_ROUTER_GROUP_ID: groupId });
    services.push(router);

    const routed = await waitUntil(routedIds, (ids) => ids.includes(after), { what: 'the third routed' });
    expect(routed.sort()).toEqual([...before, after].sort());
    const duplicates = await waitUntil(
      async () =>
        (await broker.readAll('ksb.ops.dead-letter', 3000)).map((r) => [
          r.header(DEAD_LETTER_HEADER.reasonCode),
          r.header('ksb-event-id'),
        ]),
      (letters) => letters.length >= 4,
      { what: 'four duplicate dead letters' },
    );
    expect(duplicates.map(([reason]) => reason)).toEqual(Array(4).fill('DUPLICATE_EVENT'));
    expect(duplicates.map(([, id]) => id).sort()).toEqual([before[0], before[0], before[1], after].sort());
  }, 120_000);
});
