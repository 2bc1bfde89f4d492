import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import {
  webhookSignature,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
  type MonitorSnapshot,
} from '@ksb/operations-feature';
import { readiness } from '@ksb/service';
import { Wire, type ClientProducer, type ClientConsumer } from '@ksb/wire';
import {
  freePort,
  startService,
  startStreamServices,
  TestBroker,
  uniqueGroupId,
  waitUntil,
  type RunningService,
} from '@ksb/testing-broker';
import { createPipelineTopics } from '../pipeline-topics';

const SECRET = 'lag-monitor-test-webhook-secret';
const WORK = 'ksb.delivery.kpb-soest';
const IDLE = 'ksb.delivery.kpb-viersen';
const ARTIFACTS = join(__dirname, '..', '..', 'artifacts');

interface Hook {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

describe('lag monitor: status, time lag, alerts, canary and dashboard (broker, Chromium)', () => {
  const broker = new TestBroker();
  const prefix = uniqueGroupId('lag');
  const group = { stopped: `${prefix}-stopped`, slow: `${prefix}-slow`, idle: `${prefix}-idle` };
  const services: RunningService[] = [];
  const hooks: Hook[] = [];
  let webhook: Server;
  let producer: ClientProducer;
  let url: string;
  let producing: NodeJS.Timeout | undefined;
  let slow: ClientConsumer | undefined;
  let browser: Browser | undefined;

  const snapshot = async (): Promise<MonitorSnapshot> =>
    (await fetch(`${url}/api/lag`)).json() as Promise<MonitorSnapshot>;
  const groupIn = (s: MonitorSnapshot, id: string) => s.lag.groups.find((g) => g.groupId === id);
  const send = (topic: string, n: number) =>
    producer.send({ topic: broker.topic(topic), messages: Array.from({ length: n }, (_, i) => ({ value: `m${i}` })) });
  /** Reads `count` messages as `groupId` (committing each), then leaves the group. */
  const consume = async (groupId: string, topic: string, count: number) => {
    const consumer = await broker.wire.consumer({ groupId, maxWaitTimeInMs: 100 });
    await consumer.subscribe({ topics: [broker.topic(topic)], fromBeginning: true });
    let seen = 0;
    const done = new Promise<void>(
      (resolve) =>
        void consumer.run({
          autoCommitThreshold: 1,
          eachMessage: async () => {
            if (++seen >= count) resolve();
          },
        }),
    );
    await done;
    await consumer.commitOffsets([]).catch(() => undefined);
    await consumer.disconnect();
  };

  beforeAll(async () => {
    await createPipelineTopics(broker);
    producer = await broker.wire.producer();
    webhook = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        hooks.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    services.push(
      ...(await startStreamServices(broker, 'router', 'redactor')),
      await startService(
        'lag-monitor',
        broker.serviceEnv({
          KSB_LAG_PORT: String(port),
          KSB_LAG_POLL_MS: '500',
          KSB_LAG_WINDOW_MS: '3000',
          KSB_CANARY_INTERVAL_MS: '1000',
          KSB_CANARY_GROUP_ID: uniqueGroupId('canary'),
          KSB_LAG_ALERT_RULES: JSON.stringify([
            { name: 'reader-behind', kind: 'time-lag', group: `${prefix}-st*`, thresholdSeconds: 2, forSeconds: 1 },
          ]),
          KSB_LAG_ALERT_WEBHOOK_URL: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/alerts`,
          KSB_LAG_ALERT_WEBHOOK_SECRET: SECRET,
        }),
      ),
    );
  }, 120_000);

  afterAll(async () => {
    clearInterval(producing);
    await browser?.close();
    await slow?.disconnect().catch(() => undefined);
    await Promise.all(services.map((s) => s.stop()));
    await new Promise((resolve) => webhook?.close(resolve));
    await broker.close();
  });

  it('shows a stopped consumer as STOP with a growing time lag, a slow one as WARN, an idle one as OK', async () => {
    await send(WORK, 10);
    await send(IDLE, 3);
    await consume(group.stopped, WORK, 10);
    await consume(group.idle, IDLE, 3);
    // The slow reader commits every message but handles two a second while five arrive.
    slow = await broker.wire.consumer({ groupId: group.slow, maxWaitTimeInMs: 100 });
    await slow.subscribe({ topics: [broker.topic(WORK)], fromBeginning: true });
    void slow.run({ autoCommitThreshold: 1, eachMessage: () => new Promise((r) => setTimeout(r, 500)) });
    producing = setInterval(() => void send(WORK, 1), 200);

    const stopped = await waitUntil(snapshot, (s) => groupIn(s, group.stopped)?.status === 'STOP', { what: 'STOP' });
    const first = groupIn(stopped, group.stopped);
    expect(first).toMatchObject({ members: 0, partitions: [{ topic: broker.topic(WORK), committed: 10 }] });
    expect(first?.lag).toBeGreaterThan(0);
    const later = await waitUntil(
      snapshot,
      (s) => (groupIn(s, group.stopped)?.lagSeconds ?? 0) >= (first?.lagSeconds ?? 0) + 1.5,
      { what: 'a growing time lag' },
    );
    expect(groupIn(later, group.stopped)?.status).toBe('STOP');
    await waitUntil(snapshot, (s) => groupIn(s, group.slow)?.status === 'WARN', { what: 'WARN for the slow reader' });
    const idle = groupIn(await snapshot(), group.idle);
    expect(idle).toMatchObject({ status: 'OK', lag: 0, members: 0 });
  }, 90_000);

  it('reports canary latency per route through router and redactor', async () => {
    const s = await waitUntil(
      snapshot,
      (x) => x.canary.routes.length === 2 && x.canary.routes.every((r) => r.arrived >= 2),
      {
        what: 'canary arrivals on both routes',
      },
    );
    for (const route of s.canary.routes) {
      expect(route.lastLatencyMs).toBeGreaterThanOrEqual(0);
      expect(route.p99Ms).toBeGreaterThanOrEqual(route.p50Ms ?? 0);
    }
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/ksb_canary_latency_seconds_count\{route="police-to-jugendamt"\} [1-9]/);
    expect(metrics).toMatch(new RegExp(`kafka_consumergroup_group_lag_seconds\\{group="${group.stopped}"`));
    expect(metrics).toContain(`ksb_consumergroup_status{group="${group.stopped}",status="STOP"} 1`);
  });

  it('answers liveness and readiness, and is not ready without its registry', async () => {
    expect(await (await fetch(`${url}/health/live`)).json()).toEqual({
      status: 'ok',
      ok: true,
      // The canary prober, the deadline watch's two followers (escalations, audit trail) and its own polls.
      consumers: expect.arrayContaining(
        ['canary-prober', 'escalation-feed', 'deadline-audit-feed', 'lag-poll'].map((name) =>
          expect.objectContaining({ name, live: true, state: 'running' }),
        ),
      ),
    });
    const ready = await fetch(`${url}/health/ready`);
    expect([ready.status, await ready.json()]).toEqual([
      200,
      {
        status: 'ok',
        ok: true,
        broker: expect.stringMatching(/^ok/),
        registry: 'ok',
        // Its consumers too: readiness says each is a member of its group and fetching, and its report is fresh.
        consumers: expect.arrayContaining(
          ['canary-prober', 'escalation-feed', 'deadline-audit-feed', 'lag-poll'].map((name) =>
            expect.objectContaining({ name, member: true, ready: true, live: true }),
          ),
        ),
      },
    ]);
    const cut = new Wire({
      ...broker.wire.options,
      registryUrl: `http://127.0.0.1:${await freePort()}/apis/ccompat/v7`,
    });
    expect(await readiness(cut, 1000)).toMatchObject({
      ok: false,
      broker: expect.stringMatching(/^ok/),
      registry: expect.stringMatching(/^unreachable/),
    });
    await cut.close();
  });

  it('renders the dashboard in Chromium with groups, statuses and canary, and leaves a screenshot', async () => {
    browser = await chromium.launch({
      executablePath: process.env.KSB_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(url);
    await page.waitForSelector(`tr[data-group="${group.stopped}"][data-status="STOP"]`, { timeout: 15_000 });
    expect(await page.textContent(`tr[data-group="${group.stopped}"] .badge`)).toBe('STOP');
    expect(await page.textContent(`tr[data-group="${group.idle}"] .badge`)).toBe('OK');
    expect(await page.locator(`tr[data-group="${group.stopped}"] svg polyline`).count()).toBe(1);
    expect(await page.locator('#canary tr').count()).toBe(2);
    await page.waitForSelector('#alerts li.firing', { timeout: 15_000 });
    expect(await page.textContent('#alerts')).toContain('reader-behind');
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'lag-dashboard.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(statSync(file).size).toBeGreaterThan(10_000);
  }, 60_000);

  it('fires the alert once, resolves it once, to log, alert topic and a signed webhook', async () => {
    clearInterval(producing);
    producing = undefined;
    await waitUntil(
      async () => hooks.length,
      (n) => n >= 1,
      { what: 'the FIRING webhook' },
    );
    // The stopped reader comes back and catches up; the slow one is stopped so nothing else moves.
    await slow?.disconnect();
    slow = undefined;
    const end = (await broker.wire.withAdmin((a) => a.fetchTopicOffsets(broker.topic(WORK))))[0].high;
    await consume(group.stopped, WORK, Number(end) - 10);
    await waitUntil(
      async () => hooks.length,
      (n) => n >= 2,
      { what: 'the RESOLVED webhook' },
    );
    await new Promise((r) => setTimeout(r, 2000));

    const alerts = hooks.map((h) => JSON.parse(h.body));
    expect(alerts.map((a) => [a.state, a.rule, a.subject])).toEqual([
      ['FIRING', 'reader-behind', group.stopped],
      ['RESOLVED', 'reader-behind', group.stopped],
    ]);
    for (const hook of hooks) {
      const timestamp = String(hook.headers[WEBHOOK_TIMESTAMP_HEADER]);
      expect(hook.headers[WEBHOOK_SIGNATURE_HEADER]).toBe(webhookSignature(SECRET, timestamp, hook.body));
    }
    const onTopic = await broker.collect<{ state: string; alertId: string }>('ksb.ops.alerts', 2);
    expect(onTopic.map((e) => (e.kind === 'decoded' ? [e.value.state, e.value.alertId] : []))).toEqual([
      ['FIRING', `reader-behind:${group.stopped}`],
      ['RESOLVED', `reader-behind:${group.stopped}`],
    ]);
    const logs = services[2].logs.filter((l) => l.includes('"alert firing"') || l.includes('"alert resolved"'));
    expect(logs).toHaveLength(2);
    expect((await snapshot()).alerts).toEqual([]);
  }, 90_000);
});
