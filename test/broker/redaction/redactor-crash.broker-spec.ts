import { randomUUID } from 'node:crypto';
import { IngestPublisher } from '@ksb/producer';
import { freePort, startService, TestBroker, uniqueGroupId, type RunningService } from '@ksb/testing-broker';
import { exampleContent, POLICE_EXAMPLE } from '../ingest/example-events';
import { createPipelineTopics } from '../pipeline-topics';

const EVENTS = 300;

describe('redactor killed mid-stream (broker, SIGKILL)', () => {
  const broker = new TestBroker();
  let ingest: IngestPublisher;
  let router: RunningService;
  let redactor: RunningService | undefined;

  beforeAll(async () => {
    await createPipelineTopics(broker);
    ingest = await IngestPublisher.connect(broker.connection('redactor-crash'));
    router = await startService(
      'router',
      broker.serviceEnv({ KSB_ROUTER_GROUP_ID: uniqueGroupId('router'), KSB_ROUTER_PORT: String(await freePort()) }),
    );
  });

  afterAll(async () => {
    await redactor?.stop();
    await router?.stop();
    await ingest?.close();
    await broker.close();
  });

  const progress = async (logical: string) =>
    (await broker.wire.withAdmin((admin) => admin.fetchTopicOffsets(broker.topic(logical)))).reduce(
      (n, p) => n + Number(p.high),
      0,
    );

  it('delivers every event exactly once to each recipient after a restart', async () => {
    const env = broker.serviceEnv({ KSB_REDACTOR_GROUP_ID: uniqueGroupId('redactor') });
    redactor = await startService('redactor', { ...env, KSB_REDACTOR_PORT: String(await freePort()) });
    const published: string[] = [];
    const publishSome = async (count: number) => {
      for (let i = 0; i < count; i++) {
        published.push(
          (
            await ingest.publish('kpb-mettmann', 'police-notification', {
              ...exampleContent(POLICE_EXAMPLE),
              envelope: { eventId: randomUUID() },
            })
          ).eventId,
        );
      }
    };

    await publishSome(EVENTS / 3);
    while ((await progress('ksb.delivery.ja-stadt-hilden')) < 30) await new Promise((r) => setTimeout(r, 20));
    await redactor.kill();
    redactor = undefined;
    await publishSome(EVENTS / 3);
    redactor = await startService('redactor', { ...env, KSB_REDACTOR_PORT: String(await freePort()) });
    await publishSome(EVENTS / 3);

    for (const office of ['ja-stadt-hilden', 'ja-stadt-erkrath']) {
      const delivered = await broker.readAtLeast(`ksb.delivery.${office}`, EVENTS);
      const ids = delivered.map((m) => m.header('ksb-event-id'));
      expect(delivered).toHaveLength(EVENTS);
      expect(new Set(ids).size).toBe(EVENTS);
    }
    const reports = await broker.readAll('ksb.audit.redaction-reports', 3000);
    expect(reports).toHaveLength(2 * EVENTS);
    expect(new Set(reports.map((r) => r.header('ksb-event-id'))).size).toBe(2 * EVENTS);
    const sources = (
      await broker.collect<{ envelope: { eventId: string } }>('ksb.delivery.ja-stadt-hilden', EVENTS)
    ).map((e) => (e.kind === 'decoded' ? e.value.envelope.eventId : ''));
    expect(new Set(sources)).toEqual(new Set(published));
  });
});
