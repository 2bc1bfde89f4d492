import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CALLBACK_HEADER, checkCallback, type CallbackBody } from '@ksb/delivery-inbox';
import { startDeliveryApi, waitUntil, type TestGateway } from '@ksb/testing-broker';
import { deliveryWorld } from './delivery-world';
import { exampleContent, POLICE_EXAMPLE } from '../ingest/example-events';

interface Call {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly verdict: string;
}

/**
 * Callbacks (issue 13): the Jugendamt's receiver hears of a new delivery with an HMAC-SHA512 signature it
 * verifies; a replay of the same call is refused; a receiver that fails first is called again (backoff); a
 * restarted API calls back again for what is not yet picked up, never for what is.
 */
describe('delivery API: signed callbacks to an office’s software (broker)', () => {
  const world = deliveryWorld('callbacks-test', { audit: false });
  const { broker } = world;
  const secret = 'callback-secret-of-ja-stadt-hilden-for-tests';
  const dir = mkdtempSync(join(tmpdir(), 'ksb-callbacks-'));
  const calls: Call[] = [];
  const seen = new Set<string>();
  let failNext = 0;
  let receiver: Server;
  let api: TestGateway;

  /** The receiver an office would run (README): fresh, signed over exactly this body, not seen before. */
  const receive = (headers: IncomingHttpHeaders, body: string) =>
    checkCallback(
      {
        timestamp: headers[CALLBACK_HEADER.timestamp] as string | undefined,
        authentication: headers[CALLBACK_HEADER.authentication] as string | undefined,
        body,
      },
      secret,
      Math.floor(Date.now() / 1000),
      seen,
    );
  const receiverUrl = () => `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/ksb`;
  const startApi = () =>
    startDeliveryApi(broker, ['ja-stadt-hilden'], {
      KSB_DELIVERY_API_CALLBACKS_FILE: join(dir, 'callbacks.json'),
    });
  const delivered = (id: string) => calls.filter((c) => c.verdict === 'ok' && c.body.includes(id));

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (failNext > 0) {
          failNext--;
          calls.push({ headers: req.headers, body, verdict: 'failed on purpose' });
          res.writeHead(503).end();
          return;
        }
        const check = receive(req.headers, body);
        calls.push({ headers: req.headers, body, verdict: check.ok ? 'ok' : check.reason });
        res.writeHead(check.ok ? 204 : 401).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    writeFileSync(
      join(dir, 'callbacks.json'),
      JSON.stringify([{ officeId: 'ja-stadt-hilden', url: receiverUrl(), secret }]),
      { mode: 0o600 },
    );
    await world.up();
    api = await startApi();
  }, 180_000);

  afterAll(async () => {
    await world.down(api?.service);
    await new Promise((resolve) => receiver?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('calls back with a signed notice that names the delivery and nothing personal, and refuses a replay', async () => {
    failNext = 1;
    await world.ingest.publish('kpb-mettmann', 'police-notification', exampleContent(POLICE_EXAMPLE));
    const [ok] = await waitUntil(
      async () => calls.filter((c) => c.verdict === 'ok'),
      (c) => c.length === 1,
      { what: 'the callback, after one refused attempt', timeoutMs: 60_000 },
    );
    expect(calls[0].verdict).toBe('failed on purpose');
    const body = JSON.parse(ok.body) as CallbackBody;
    expect(body).toEqual({
      type: 'delivery',
      deliveryId: expect.any(String),
      eventType: 'police-notification',
      urgency: 'NORMAL',
      receivedAt: expect.any(String),
    });
    expect(ok.body).not.toMatch(/Mia|Muster|Musterweg/);
    const listed = await (
      await fetch(`${api.baseUrl}/v1/deliveries`, { headers: { 'x-api-key': api.keys['ja-stadt-hilden'] } })
    ).json();
    expect((listed as { deliveries: { id: string }[] }).deliveries.map((d) => d.id)).toEqual([body.deliveryId]);

    const replay = await fetch(receiverUrl(), {
      method: 'POST',
      headers: ok.headers as Record<string, string>,
      body: ok.body,
    });
    expect(replay.status).toBe(401);
    expect(calls.at(-1)?.verdict).toBe('replayed');
    const forged = await fetch(receiverUrl(), {
      method: 'POST',
      headers: {
        ...(ok.headers as Record<string, string>),
        // Another (still fresh) time under the old signature: not what was signed.
        [CALLBACK_HEADER.timestamp]: String(Number(ok.headers[CALLBACK_HEADER.timestamp]) + 1),
      },
      body: ok.body,
    });
    expect(forged.status).toBe(401);
    expect(calls.at(-1)?.verdict).toBe('forged');
  });

  it('after a restart, calls back again for what is not picked up, and not for what is', async () => {
    const second = await world.ingest.publish('kpb-mettmann', 'police-notification', exampleContent(POLICE_EXAMPLE));
    const secondId = await waitUntil(
      async () => calls.filter((c) => c.verdict === 'ok').map((c) => (JSON.parse(c.body) as CallbackBody).deliveryId),
      (ids) => ids.length === 2,
      { what: 'the second callback' },
    );
    expect(second.eventId).toBeDefined();
    const [firstId] = secondId;
    // The office opens the first: a pickup receipt. The second stays unopened.
    await fetch(`${api.baseUrl}/v1/deliveries/${firstId}`, { headers: { 'x-api-key': api.keys['ja-stadt-hilden'] } });
    await api.service.stop();
    api = { ...api, ...(await startApi()) };
    await waitUntil(
      async () => delivered(secondId[1]),
      (c) => c.length === 2,
      { what: 'the unopened delivery called back again' },
    );
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(delivered(firstId)).toHaveLength(1);
    expect(delivered(secondId[1])).toHaveLength(2);
  });
});
