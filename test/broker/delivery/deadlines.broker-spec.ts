import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ESCALATION_TOPIC, type DeliveryEscalation } from '@ksb/contracts';
import { loadDeadlinePolicy } from '@ksb/deadlines';
import {
  freePort,
  startDeliveryApi,
  startService,
  waitUntil,
  type RunningService,
  type TestGateway,
} from '@ksb/testing-broker';
import { partitionBounds, readRange } from '@ksb/wire';
import { deliveryWorld } from './delivery-world';
import { exampleContent, POLICE_EXAMPLE } from '../ingest/example-events';

type Alert = { state: string; rule: string; subject: string };
type Listed = { id: string };

/**
 * Deadlines and escalation (issue 13) on the real stack, with the shipped policy's rules scaled to seconds: a
 * danger-now notice nobody picks up is raised once, goes to the second level once (also across a restart of
 * the lag monitor), and is resolved once when the Jugendamt accepts it; the police office's status trail
 * shows each step, and the webhook gets each alert once.
 */
describe('deadlines: an unanswered danger-now notice escalates and resolves once (broker)', () => {
  const world = deliveryWorld('deadlines-test', { audit: true });
  const { broker } = world;
  const dir = mkdtempSync(join(tmpdir(), 'ksb-deadlines-'));
  const alerts: Alert[] = [];
  let monitor: RunningService | undefined;
  let webhook: Server;
  let api: TestGateway;
  let lagUrl = '';

  const policyFile = join(dir, 'policy.json');
  const startMonitor = async () => {
    const port = await freePort();
    lagUrl = `http://127.0.0.1:${port}`;
    monitor = await startService(
      'lag-monitor',
      broker.serviceEnv({
        KSB_LAG_PORT: String(port),
        KSB_LAG_POLL_MS: '1000',
        KSB_CANARY_INTERVAL_MS: '0',
        KSB_LAG_ALERT_RULES: '[]',
        KSB_DEADLINE_POLICY_FILE: policyFile,
        KSB_DEADLINE_CHECK_MS: '300',
        KSB_LAG_ALERT_WEBHOOK_URL: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/alerts`,
        KSB_LAG_ALERT_WEBHOOK_SECRET: 'deadline-test-webhook-secret',
      }),
    );
  };
  const escalations = async (): Promise<DeliveryEscalation[]> => {
    const topic = broker.topic(ESCALATION_TOPIC);
    const found: DeliveryEscalation[] = [];
    await readRange(broker.wire, topic, await partitionBounds(broker.wire, topic), {
      onMessages: async (_, messages) => {
        for (const m of messages) found.push((await broker.wire.codec.decode<DeliveryEscalation>(m.value)).value);
      },
    });
    return found;
  };
  const call = async (method: string, path: string, office: string) => {
    const response = await fetch(`${api.baseUrl}${path}`, { method, headers: { 'x-api-key': api.keys[office] } });
    return (await response.json()) as Record<string, unknown>;
  };

  beforeAll(async () => {
    // The shipped policy's rules for a police notice, in seconds: 3 s to pick up, 6 to answer, 4 more for level 2.
    const shipped = loadDeadlinePolicy();
    const rule = shipped.rules.find((r) => r.eventType === 'police-notification' && r.urgency === 'DANGER_NOW');
    writeFileSync(
      policyFile,
      JSON.stringify({
        version: 'drill-1',
        rules: [
          { ...rule, pickupWithin: { seconds: 3 }, decisionWithin: { seconds: 6 }, secondLevelAfter: { seconds: 4 } },
        ],
      }),
    );
    webhook = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => (alerts.push(JSON.parse(body) as Alert), res.writeHead(204).end()));
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    await world.up();
    api = await startDeliveryApi(broker, ['ja-stadt-hilden', 'ja-stadt-erkrath', 'kpb-mettmann']);
    await startMonitor();
  }, 180_000);

  afterAll(async () => {
    await world.down(api?.service, monitor);
    await new Promise((resolve) => webhook?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('raises level 1, then level 2 once across a monitor restart, and resolves once on acceptance', async () => {
    const content = exampleContent(POLICE_EXAMPLE);
    const sent = await world.ingest.publish('kpb-mettmann', 'police-notification', {
      ...content,
      urgency: 'DANGER_NOW',
    });
    const hilden = `ja-stadt-hilden:${sent.eventId}`;
    const of = (all: DeliveryEscalation[]) => all.filter((e) => e.escalationId === hilden);

    const first = await waitUntil(
      async () => of(await escalations()),
      (e) => e.length >= 1,
      { what: 'level 1 for Hilden', timeoutMs: 60_000 },
    );
    expect(first[0]).toMatchObject({ state: 'RAISED', level: 1, reason: 'PICKUP_OVERDUE', policyVersion: 'drill-1' });
    const lag = (await (await fetch(`${lagUrl}/api/lag`)).json()) as { escalations: DeliveryEscalation[] };
    expect(lag.escalations.map((e) => e.escalationId)).toContain(hilden);

    const second = await waitUntil(
      async () => of(await escalations()),
      (e) => e.some((x) => x.level === 2),
      { what: 'level 2 for Hilden', timeoutMs: 30_000 },
    );
    expect(second.find((e) => e.level === 2)?.escalateTo).toMatch(/on-call/);

    // A restarted monitor reads back what was raised: nothing is raised again.
    await monitor?.stop();
    await startMonitor();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(of(await escalations()).map((e) => `${e.state} ${e.level}`)).toEqual(['RAISED 1', 'RAISED 2']);

    const [delivery] = ((await call('GET', '/v1/deliveries', 'ja-stadt-hilden'))['deliveries'] as Listed[]) ?? [];
    await call('GET', `/v1/deliveries/${delivery.id}`, 'ja-stadt-hilden');
    expect((await call('POST', `/v1/deliveries/${delivery.id}/accept`, 'ja-stadt-hilden'))['status']).toBe('ACCEPTED');
    await waitUntil(
      async () => of(await escalations()),
      (e) => e.some((x) => x.state === 'RESOLVED'),
      { what: 'the resolution', timeoutMs: 60_000 },
    );
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(of(await escalations()).map((e) => `${e.state} ${e.level}`)).toEqual(['RAISED 1', 'RAISED 2', 'RESOLVED 2']);

    const mine = alerts.filter((a) => a.subject === hilden).map((a) => `${a.state} ${a.rule}`);
    expect(mine.sort()).toEqual([
      'FIRING delivery-overdue',
      'FIRING delivery-overdue-level-2',
      'RESOLVED delivery-overdue',
      'RESOLVED delivery-overdue-level-2',
    ]);

    const trail = await waitUntil(
      async () =>
        ((await call('GET', `/v1/cases/${sent.correlationId}/events`, 'kpb-mettmann'))['events'] ?? []) as {
          status: string;
          officeId: string;
        }[],
      (events) => events.some((e) => e.status === 'RESOLVED' && e.officeId === 'ja-stadt-hilden'),
      { what: 'the escalation in the status trail', timeoutMs: 30_000 },
    );
    const hildenSteps = trail.filter((e) => e.officeId === 'ja-stadt-hilden').map((e) => e.status);
    expect(hildenSteps).toEqual(['ROUTED', 'DELIVERED', 'OVERDUE', 'ESCALATED', 'PICKED_UP', 'ACCEPTED', 'RESOLVED']);
  });

  it('leaves out an escalation record it cannot read, and counts it in both services that follow the topic', async () => {
    const producer = await broker.wire.producer();
    await producer.send({
      topic: broker.topic(ESCALATION_TOPIC),
      messages: [{ key: 'poison', value: Buffer.from('not avro at all') }],
    });
    await producer.disconnect();
    const skipped = /^ksb_feed_records_skipped_total\{feed="escalation-feed",reason="UNFRAMED_VALUE"\} 1$/m;
    for (const url of [lagUrl, api.baseUrl])
      await waitUntil(
        async () => (await fetch(`${url}/metrics`)).text(),
        (text) => skipped.test(text),
        { what: `the skipped escalation record on ${url}/metrics`, timeoutMs: 30_000 },
      );
    // Still following: the monitor stays ready.
    expect((await fetch(`${lagUrl}/health/ready`)).status).toBe(200);
  });
});
