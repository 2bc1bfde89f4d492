import { randomUUID } from 'node:crypto';
import { IngestPublisher } from '@ksb/producer';
import { startStreamServices, TestBroker, waitUntil, type RunningService } from '@ksb/testing-broker';
import { exampleContent, POLICE_EXAMPLE } from '../ingest/example-events';
import { createPipelineTopics } from '../pipeline-topics';

const EVENTS = 12;
const ROUTED = 'ksb.routed.police-notification';

/**
 * The router writes routed records in transactions, each ending in a commit marker, and a stage commits
 * "last record + 1". A redactor that stopped there would stay one offset short of the log end on every
 * partition it worked, and the lag monitor would call the idle stage STALL (the fault suite found this with
 * the stages on librdkafka). Idle after a burst, the redactor's group must stand at the log end.
 */
describe('an idle stage commits past its upstream’s transaction markers (broker)', () => {
  const broker = new TestBroker();
  const services: RunningService[] = [];
  let ingest: IngestPublisher;

  beforeAll(async () => {
    await createPipelineTopics(broker);
    ingest = await IngestPublisher.connect(broker.connection('idle-lag'));
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await ingest?.close();
    await broker.close();
  });

  it('leaves the redactor’s group at the end of every routed partition once it is idle', async () => {
    services.push(...(await startStreamServices(broker, 'router', 'redactor')));
    const redactorGroup = services[1].env.KSB_REDACTOR_GROUP_ID;
    for (let i = 0; i < EVENTS; i++)
      await ingest.publish('kpb-mettmann', 'police-notification', {
        ...exampleContent(POLICE_EXAMPLE),
        envelope: { eventId: randomUUID() },
      });
    const delivered = await waitUntil(
      async () => (await broker.readAll('ksb.delivery.ja-stadt-hilden', 2000)).length,
      (n) => n >= EVENTS,
      { what: `${EVENTS} deliveries`, timeoutMs: 60_000 },
    );
    expect(delivered).toBe(EVENTS);

    const topic = broker.topic(ROUTED);
    const lagPerPartition = async () => {
      const [ends, committed] = await broker.wire.withAdmin(async (admin) => [
        await admin.fetchTopicOffsets(topic),
        await admin.fetchOffsets({ groupId: redactorGroup, topics: [topic] }),
      ]);
      const at = new Map(committed[0].partitions.map((p) => [p.partition, Number(p.offset)]));
      return ends.map((e) => [e.partition, Number(e.high) - Math.max(0, at.get(e.partition) ?? 0)]);
    };
    // The routed topic holds records (and markers) on at least one partition, or this would prove nothing.
    const ends = await broker.wire.withAdmin((admin) => admin.fetchTopicOffsets(topic));
    expect(ends.some((e) => Number(e.high) > 0)).toBe(true);
    const lags = await waitUntil(lagPerPartition, (l) => l.every(([, lag]) => lag === 0), {
      what: 'the redactor’s group at the end of every routed partition',
      timeoutMs: 30_000,
    }).catch(() => lagPerPartition());
    expect(lags).toEqual(ends.map((e) => [e.partition, 0]));
  }, 150_000);
});
