import { randomUUID } from 'node:crypto';
import { startStreamService, TestBroker, type RunningService } from '@ksb/testing-broker';
import { policeSchema, POLICE_TOPIC, signedPoliceRecord } from '../ingest/signed-police-events';
import { createPipelineTopics } from '../pipeline-topics';

const CASES = 60;
const EVENTS_PER_CASE = 10;

/**
 * KSB_STAGE_PARTITIONS_IN_PARALLEL (kafkajs; librdkafka takes every partition of a poll in one transaction
 * and ignores it): three input partitions worked at once, each in its own transaction. A backlog is waiting
 * when the stages start, so every partition has input at the same time. Each case's events must reach the
 * Jugendamt exactly once and in the order its police sent them.
 */
describe('stages working three partitions at once (broker)', () => {
  const broker = new TestBroker();
  const services: RunningService[] = [];

  beforeAll(async () => {
    await createPipelineTopics(broker);
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await broker.close();
  });

  it('delivers every event once, each case in order', async () => {
    const schema = await policeSchema(broker);
    const producer = await broker.wire.producer();
    const cases = Array.from({ length: CASES }, () => randomUUID());
    const sentInOrder = new Map(cases.map((c) => [c, [] as string[]]));
    for (let n = 0; n < EVENTS_PER_CASE; n++) {
      const messages = cases.map((correlationId) => {
        const eventId = randomUUID();
        sentInOrder.get(correlationId)?.push(eventId);
        return signedPoliceRecord(broker, schema, { eventId, correlationId });
      });
      await producer.send({ topic: broker.topic(POLICE_TOPIC), acks: -1, messages });
    }

    const parallel = { KSB_STAGE_PARTITIONS_IN_PARALLEL: '3' };
    services.push(await startStreamService(broker, 'router', parallel));
    services.push(await startStreamService(broker, 'redactor', parallel));

    const total = CASES * EVENTS_PER_CASE;
    const records = await broker.readAtLeast('ksb.delivery.ja-stadt-hilden', total, 180_000);
    const deliveredInOrder = new Map<string, string[]>();
    for (const record of records) {
      const correlationId = record.header('ksb-correlation-id') ?? '';
      deliveredInOrder.set(correlationId, [
        ...(deliveredInOrder.get(correlationId) ?? []),
        record.header('ksb-source-event-id') ?? '',
      ]);
    }
    expect(records).toHaveLength(total);
    expect(deliveredInOrder).toEqual(sentInOrder);
    expect(services.flatMap((s) => s.logs.filter((l) => l.includes('consumer crashed')))).toEqual([]);
  }, 300_000);
});
