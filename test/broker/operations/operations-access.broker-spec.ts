import { randomBytes } from 'node:crypto';
import { freePort, startService, TestBroker, uniqueGroupId, type RunningService } from '@ksb/testing-broker';

/**
 * Regression for "the dashboard, /api/lag and /metrics (volumes per office) need no credential": a stage that
 * listens beyond loopback refuses to start without KSB_OPS_TOKEN, and then answers metrics only with it.
 * Health stays open for the kubelet's probes.
 */
describe('operations surfaces beyond loopback need a credential (broker)', () => {
  const broker = new TestBroker();
  let router: RunningService | undefined;

  beforeAll(() => broker.createCatalogueTopics());

  afterAll(async () => {
    await router?.stop();
    await broker.close();
  });

  it('refuses to listen on 0.0.0.0 without a token, and with one serves metrics only to its holder', async () => {
    const port = await freePort();
    const env = broker.serviceEnv({
      KSB_ROUTER_GROUP_ID: uniqueGroupId('router'),
      KSB_ROUTER_HOST: '0.0.0.0',
      KSB_ROUTER_PORT: String(port),
    });
    await expect(startService('router', env)).rejects.toThrow(/needs KSB_OPS_TOKEN/);

    const token = randomBytes(24).toString('base64url');
    router = await startService('router', { ...env, KSB_OPS_TOKEN: token });
    const get = (path: string, authorization?: string) =>
      fetch(`http://127.0.0.1:${port}${path}`, { headers: authorization ? { authorization } : {} }).then(
        (r) => r.status,
      );
    expect(await get('/health/live')).toBe(200);
    expect(await get('/metrics')).toBe(401);
    expect(await get('/metrics', 'Bearer not-the-token')).toBe(401);
    expect(await get('/metrics', `Bearer ${token}`)).toBe(200);
    expect(await get('/metrics', `Basic ${Buffer.from(`prometheus:${token}`).toString('base64')}`)).toBe(200);
  });
});
