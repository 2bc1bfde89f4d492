import { randomUUID } from 'node:crypto';
import { IngestPublisher } from '@ksb/producer';
import { freePort, startService, TestBroker, uniqueGroupId, waitUntil, type RunningService } from '@ksb/testing-broker';
import { exampleContent, POLICE_EXAMPLE } from '../ingest/example-events';

const ROUTED = 'ksb.routed.police-notification';

describe('router stopped with SIGTERM mid-stream (broker, graceful shutdown)', () => {
  const broker = new TestBroker();
  const groupId = uniqueGroupId('router');
  let ingest: IngestPublisher;
  let router: RunningService | undefined;

  beforeAll(async () => {
    await broker.createCatalogueTopics();
    ingest = await IngestPublisher.connect(broker.connection('graceful-test'));
  });

  afterAll(async () => {
    await router?.stop();
    await ingest?.close();
    await broker.close();
  });

  const start = async () =>
    startService(
      'router',
      broker.serviceEnv({ KSB_ROUTER_GROUP_ID: groupId, KSB_ROUTER_PORT: String(await freePort()) }),
    );
  const publish = async (count: number, into: string[]) => {
    for (let i = 0; i < count; i++) {
      const content = { ...exampleContent(POLICE_EXAMPLE), envelope: { eventId: randomUUID() } };
      into.push((await ingest.publish('kpb-mettmann', 'police-notification', content)).eventId);
    }
  };
  const routed = async () =>
    (await broker.wire.withAdmin((a) => a.fetchTopicOffsets(broker.topic(ROUTED)))).reduce(
      (n, p) => n + Number(p.high),
      0,
    );

  it('finishes its batch, commits, leaves the group at once, and loses or repeats nothing', async () => {
    const published: string[] = [];
    router = await start();
    const sending = publish(200, published);
    await waitUntil(routed, (n) => n >= 30, { intervalMs: 20, what: '30 routed offsets' });
    const stopping = Date.now();
    const stopped = router;
    router = undefined;
    expect(await stopped.stop()).toEqual({ code: 0, signal: null });
    expect(stopped.logs.filter((l) => /"msg":"(stopping|stopped)"/.test(l))).toHaveLength(2);
    // Left the group itself: nothing waits for a session timeout to take its partitions over.
    const [group] = (await broker.wire.withAdmin((a) => a.describeGroups([groupId]))).groups;
    expect(group.state).toBe('Empty');
    expect(Date.now() - stopping).toBeLessThan(10_000);
    await sending;
    router = await start();
    const all = await waitUntil(
      () => broker.readAll(ROUTED, 3000),
      (messages) => messages.length >= published.length,
      { what: `${published.length} routed events` },
    );
    const causes = all.map((m) => m.header('ksb-causation-id'));
    expect(causes).toHaveLength(published.length);
    expect(new Set(causes)).toEqual(new Set(published));
  }, 120_000);
});
