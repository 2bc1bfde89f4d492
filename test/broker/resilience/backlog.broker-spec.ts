import { randomUUID } from 'node:crypto';
import { startStreamServices, TestBroker, waitUntil, type RunningService } from '@ksb/testing-broker';
import { policeSchema, POLICE_TOPIC, signedPoliceRecord } from '../ingest/signed-police-events';
import { createPipelineTopics } from '../pipeline-topics';

const BACKLOG = 20_000;

/**
 * Regression for "a backlog kills the router": above about 615 inputs one transaction's output exceeded the
 * broker's 1 MB limit and MESSAGE_TOO_LARGE stopped the router for good. Here a stopped pipeline faces 20,000
 * waiting events when it starts: every one is delivered to both Jugendämter, none twice.
 */
describe('a backlog of 20,000 events after the stages were down (broker)', () => {
  const broker = new TestBroker();
  const services: RunningService[] = [];

  beforeAll(async () => {
    await createPipelineTopics(broker);
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await broker.close();
  });

  it('delivers all of it exactly once', async () => {
    const schema = await policeSchema(broker);
    const producer = await broker.wire.producer();
    const sent = new Set<string>();
    for (let batch = 0; batch < BACKLOG / 500; batch++) {
      const messages = Array.from({ length: 500 }, () => {
        const eventId = randomUUID();
        sent.add(eventId);
        return signedPoliceRecord(broker, schema, { eventId, correlationId: eventId });
      });
      await producer.send({ topic: broker.topic(POLICE_TOPIC), acks: -1, messages });
    }

    services.push(...(await startStreamServices(broker, 'router', 'redactor')));
    const delivered = async (office: string) =>
      (await broker.wire.withAdmin((admin) => admin.fetchTopicOffsets(broker.topic(`ksb.delivery.${office}`)))).reduce(
        (n, p) => n + Number(p.high),
        0,
      );
    // Offsets include commit markers, so this only says "about done"; the exact count is read below.
    await waitUntil(
      () => delivered('ja-stadt-erkrath'),
      (n) => n >= BACKLOG,
      { what: `${BACKLOG} delivery offsets`, timeoutMs: 240_000, intervalMs: 2000 },
    );
    for (const office of ['ja-stadt-hilden', 'ja-stadt-erkrath']) {
      const records = await broker.readAll(`ksb.delivery.${office}`, 5000, 240_000);
      const ids = records.map((r) => r.header('ksb-source-event-id') ?? '');
      expect(ids).toHaveLength(BACKLOG);
      expect(new Set(ids)).toEqual(sent);
    }
    expect(services.flatMap((s) => s.logs.filter((l) => l.includes('consumer crashed')))).toEqual([]);
    expect(await broker.readAll('ksb.ops.dead-letter', 1000, 20_000)).toHaveLength(0);
  }, 480_000);
});
