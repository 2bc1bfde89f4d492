import { randomUUID } from 'node:crypto';
import { IngestPublisher } from '@ksb/producer';
import { freePort, startService, TestBroker, uniqueGroupId, type RunningService } from '@ksb/testing-broker';
import { exampleContent, POLICE_EXAMPLE } from '../ingest/example-events';

const EVENTS = 600;
const ROUTED = 'ksb.routed.police-notification';

describe('router killed mid-stream (broker, SIGKILL)', () => {
  const broker = new TestBroker();
  let ingest: IngestPublisher;
  let router: RunningService | undefined;

  beforeAll(async () => {
    await broker.createCatalogueTopics();
    ingest = await IngestPublisher.connect(broker.connection('crash-test'));
  });

  afterAll(async () => {
    await router?.stop();
    await ingest?.close();
    await broker.close();
  });

  const routedProgress = async () =>
    (await broker.wire.withAdmin((admin) => admin.fetchTopicOffsets(broker.topic(ROUTED)))).reduce(
      (n, p) => n + Number(p.high),
      0,
    );

  it('neither loses nor duplicates a decision after a restart', async () => {
    const env = broker.serviceEnv({ KSB_ROUTER_GROUP_ID: uniqueGroupId('router') });
    router = await startService('router', { ...env, KSB_ROUTER_PORT: String(await freePort()) });

    const published: string[] = [];
    const publishSome = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const receipt = await ingest.publish('kpb-mettmann', 'police-notification', {
          ...exampleContent(POLICE_EXAMPLE),
          envelope: { eventId: randomUUID() },
        });
        published.push(receipt.eventId);
      }
    };

    await publishSome(EVENTS / 3);
    while ((await routedProgress()) < 50) await new Promise((r) => setTimeout(r, 20));
    const [, progressAtKill] = await Promise.all([router.kill(), routedProgress()]);
    router = undefined;

    await publishSome(EVENTS / 3); // arrives while no router runs
    router = await startService('router', { ...env, KSB_ROUTER_PORT: String(await freePort()) });
    await publishSome(EVENTS / 3);

    const routed = await broker.readAtLeast(ROUTED, EVENTS);
    const causes = routed.map((m) => m.header('ksb-causation-id'));
    expect(progressAtKill).toBeGreaterThan(0);
    expect(routed).toHaveLength(EVENTS);
    expect(new Set(causes).size).toBe(EVENTS);
    expect(new Set(causes)).toEqual(new Set(published));
  });
});
