import { randomBytes } from 'node:crypto';
import { CaseKeyRetiredError, fileCaseSeal, isSealed, sealedKeyId } from '@ksb/case-keys';
import { startDeliveryApi, waitUntil, type TestGateway } from '@ksb/testing-broker';
import { deliveryWorld } from './delivery-world';
import { exampleContent, POLICE_EXAMPLE } from '../ingest/example-events';

/** Opens the delivery API's /metrics (KSB_OPS_TOKEN); a test value, at least 24 characters. */
const OPS_TOKEN = randomBytes(24).toString('base64');

type Listed = { id: string; correlationId: string };

/**
 * Deletion periods enforced by key (ADR 0023, deletion-periods.json `readableDaysAfterAcceptance`): a delivery to
 * an office without an encryption key is sealed under a key of its own; once the office accepted it and the
 * period ran out, the delivery API retires that key. The delivery leaves the office's list and answers 410
 * DELIVERY_RETIRED, also from a restarted API; its bytes no longer open for anyone; a delivery not accepted
 * stays. The period is shortened to seconds here (KSB_DELIVERY_API_READABLE_AFTER_ACCEPTANCE_MS).
 */
describe('delivery API: a sealed delivery is retired after its office accepted it (broker)', () => {
  const world = deliveryWorld('key-retirement-test', { audit: false });
  const { broker } = world;
  const apis: TestGateway[] = [];
  const HILDEN = 'ja-stadt-hilden';
  const retirementEnv = {
    KSB_DELIVERY_API_READABLE_AFTER_ACCEPTANCE_MS: '3000',
    KSB_DELIVERY_API_RETIREMENT_CHECK_MS: '500',
    KSB_OPS_TOKEN: OPS_TOKEN,
  };

  const call = async (api: TestGateway, method: string, path: string) => {
    const response = await fetch(`${api.baseUrl}${path}`, { method, headers: { 'x-api-key': api.keys[HILDEN] } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const listed = async (api: TestGateway) =>
    ((await call(api, 'GET', '/v1/deliveries')).body as unknown as { deliveries: Listed[] }).deliveries;
  const deliveryBytes = async (deliveryId: string) =>
    (await broker.readAll(`ksb.delivery.${HILDEN}`, 1000)).find((m) => m.header('ksb-event-id') === deliveryId)?.message
      .value as Buffer;

  beforeAll(async () => {
    await world.up();
    apis.push(await startDeliveryApi(broker, [HILDEN, 'kpb-mettmann'], retirementEnv));
  });

  afterAll(async () => {
    await world.down(...apis.map((a) => a.service));
  });

  it('retires the key of the accepted delivery only: 410 from then on, its bytes shut, the other one served', async () => {
    const [kept, accepted] = [
      await world.ingest.publish('kpb-mettmann', 'police-notification', exampleContent(POLICE_EXAMPLE)),
      await world.ingest.publish('kpb-mettmann', 'police-notification', exampleContent(POLICE_EXAMPLE)),
    ];
    const deliveries = await waitUntil(
      () => listed(apis[0]),
      (list) => list.length === 2,
      { what: 'both deliveries at Hilden', timeoutMs: 60_000 },
    );
    const idOf = (correlationId: string) => deliveries.find((d) => d.correlationId === correlationId)?.id as string;
    const [keptId, acceptedId] = [idOf(kept.correlationId), idOf(accepted.correlationId)];

    // Hilden has no encryption key: its deliveries are sealed under keys of their own, which the API opens.
    const bytes = await deliveryBytes(acceptedId);
    expect(isSealed(bytes)).toBe(true);
    expect(isSealed(await deliveryBytes(keptId))).toBe(true);
    expect(sealedKeyId(await deliveryBytes(keptId))).not.toBe(sealedKeyId(bytes));
    const opened = await call(apis[0], 'GET', `/v1/deliveries/${acceptedId}`);
    expect(opened.status).toBe(200);
    expect(opened.body['view']).toMatchObject({ envelope: { correlationId: accepted.correlationId } });

    expect((await call(apis[0], 'POST', `/v1/deliveries/${acceptedId}/accept`)).status).toBe(200);
    await waitUntil(
      () => call(apis[0], 'GET', `/v1/deliveries/${acceptedId}`),
      (answer) => answer.status === 410,
      { what: 'the accepted delivery retired', timeoutMs: 30_000, intervalMs: 500 },
    );
    expect((await call(apis[0], 'GET', `/v1/deliveries/${acceptedId}`)).body['code']).toBe('DELIVERY_RETIRED');
    expect((await listed(apis[0])).map((d) => d.id)).toEqual([keptId]);
    expect((await call(apis[0], 'GET', `/v1/deliveries/${keptId}`)).status).toBe(200);
    // What an operator's alert reads (deploy/k8s/monitoring/lifecycle-alerts.yaml): the operations token opens
    // it, an office's API key does not.
    const officeAsks = await fetch(`${apis[0].baseUrl}/metrics`, { headers: { 'x-api-key': apis[0].keys[HILDEN] } });
    expect(officeAsks.status).toBe(401);
    const metrics = await (
      await fetch(`${apis[0].baseUrl}/metrics`, { headers: { authorization: `Bearer ${OPS_TOKEN}` } })
    ).text();
    expect(metrics).toMatch(/^ksb_delivery_keys_retired_total 1$/m);
    expect(metrics).toMatch(/^ksb_delivery_key_retirement_failures_total 0$/m);
    const lastSuccess = Number(
      /^ksb_delivery_key_retirement_last_success_timestamp_seconds (\S+)$/m.exec(metrics)?.[1],
    );
    expect(Date.now() / 1000 - lastSuccess).toBeLessThan(60);

    const store = fileCaseSeal(broker.serviceEnv().KSB_CASE_KEY_DIR, broker.serviceEnv().KSB_CASE_KEK_FILE);
    try {
      await expect(store.open(bytes)).rejects.toThrow(CaseKeyRetiredError);
      expect((await store.open(await deliveryBytes(keptId))).length).toBeGreaterThan(0);
    } finally {
      await store.close();
    }

    // A restarted API reads the bytes again, cannot open them, and still answers them as gone.
    apis.push(await startDeliveryApi(broker, [HILDEN, 'kpb-mettmann'], retirementEnv));
    expect((await listed(apis[1])).map((d) => d.id)).toEqual([keptId]);
    expect(await call(apis[1], 'GET', `/v1/deliveries/${acceptedId}`)).toMatchObject({
      status: 410,
      body: { code: 'DELIVERY_RETIRED' },
    });
  }, 180_000);
});
