import { checkSecurityEvent, readKeyRegister, CASE_STATUS_EVENT } from '@ksb/signatures';
import { startDeliveryApi, waitUntil, type TestGateway } from '@ksb/testing-broker';
import { deliveryWorld } from './delivery-world';
import { exampleContent, POLICE_EXAMPLE } from '../ingest/example-events';

type Listed = {
  id: string;
  eventType: string;
  correlationId: string;
  pickedUpAt: string | null;
  answer: { status: string; reason: string | null } | null;
};
type Page = { deliveries: Listed[]; cursor: string };
type TrailEntry = { status: string; officeId: string | null; text: string; id: string; token: string };
type AckView = { acknowledgedEventId: string; status: string; reason: string | null; envelope: { eventId: string } };

/**
 * The return path (issue 13): a Jugendamt opens a police notification (pickup receipt), accepts it, and both
 * acknowledgements reach the police office's own deliveries through router and redactor. Answering again,
 * after a restart of the API too, publishes nothing new; a different answer and another office are refused.
 */
describe('delivery API: an office answers a delivery and the sender receives it (broker)', () => {
  const world = deliveryWorld('answers-test', { audit: true });
  const { broker } = world;
  let api: TestGateway;
  const offices = ['ja-stadt-hilden', 'ja-stadt-erkrath', 'kpb-mettmann'];
  let caseId = '';

  const call = async (method: string, path: string, office?: string, body?: unknown) => {
    const response = await fetch(`${api.baseUrl}${path}`, {
      method,
      headers: {
        ...(office ? { 'x-api-key': api.keys[office] } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const list = async (office: string) => (await call('GET', '/v1/deliveries', office)).body as unknown as Page;
  const acknowledgementsAt = async (office: string) => {
    const listed = (await list(office)).deliveries.filter((d) => d.eventType === 'acknowledgement');
    return Promise.all(
      listed.map(async (d) => (await call('GET', `/v1/deliveries/${d.id}`, office)).body['view'] as AckView),
    );
  };

  beforeAll(async () => {
    await world.up();
    api = await startDeliveryApi(broker, offices);
  });

  afterAll(async () => {
    await world.down(api?.service);
  });

  it('sends a pickup receipt when opened and the acceptance when accepted, both back to the police office', async () => {
    const sent = await world.ingest.publish('kpb-mettmann', 'police-notification', exampleContent(POLICE_EXAMPLE));
    caseId = sent.correlationId;
    const [delivery] = (
      await waitUntil(
        () => list('ja-stadt-hilden'),
        (p) => p.deliveries.length === 1,
        { what: 'Hilden’s delivery' },
      )
    ).deliveries;
    expect(delivery).toMatchObject({ correlationId: sent.correlationId, pickedUpAt: null, answer: null });

    expect((await call('GET', `/v1/deliveries/${delivery.id}`, 'ja-stadt-hilden')).status).toBe(200);
    const accepted = await call('POST', `/v1/deliveries/${delivery.id}/accept`, 'ja-stadt-hilden');
    expect(accepted).toMatchObject({ status: 200, body: { deliveryId: delivery.id, status: 'ACCEPTED' } });

    const acks = await waitUntil(
      () => acknowledgementsAt('kpb-mettmann'),
      (a) => a.length === 2,
      { what: 'the receipt and the acceptance at the police office', timeoutMs: 60_000 },
    );
    expect(acks.map((a) => [a.acknowledgedEventId, a.status]).sort()).toEqual([
      [sent.eventId, 'ACCEPTED'],
      [sent.eventId, 'RECEIVED'],
    ]);
    expect(acks.find((a) => a.status === 'ACCEPTED')?.envelope.eventId).toBe(accepted.body['acknowledgementId']);
    const [listed] = (await list('ja-stadt-hilden')).deliveries;
    expect(listed.pickedUpAt).not.toBeNull();
    expect(listed.answer).toMatchObject({ status: 'ACCEPTED' });
  });

  it('answers the same accept as before, refuses a reject after it, a bad reason and another office', async () => {
    const [delivery] = (await list('ja-stadt-hilden')).deliveries;
    const again = await call('POST', `/v1/deliveries/${delivery.id}/accept`, 'ja-stadt-hilden');
    expect(again.status).toBe(200);
    expect(again.body['status']).toBe('ACCEPTED');
    const reject = await call('POST', `/v1/deliveries/${delivery.id}/reject`, 'ja-stadt-hilden', {
      reasonCode: 'NOT_RESPONSIBLE',
    });
    expect(reject).toMatchObject({ status: 409, body: { code: 'ALREADY_ANSWERED' } });
    const [erkrath] = (await list('ja-stadt-erkrath')).deliveries;
    expect(
      (await call('POST', `/v1/deliveries/${erkrath.id}/reject`, 'ja-stadt-erkrath', { reasonCode: 'SOMETHING' })).body,
    ).toMatchObject({ code: 'INVALID_ANSWER' });
    expect((await call('POST', `/v1/deliveries/${delivery.id}/accept`, 'ja-stadt-erkrath')).status).toBe(403);
    expect((await call('POST', `/v1/deliveries/${delivery.id}/accept`, 'kpb-mettmann')).status).toBe(403);
    expect((await call('POST', `/v1/deliveries/${delivery.id}/accept`)).status).toBe(401);
  });

  it('rejects with a reason that reaches the sender, and after a crash of the API publishes no answer twice', async () => {
    const [erkrath] = (await list('ja-stadt-erkrath')).deliveries;
    const rejected = await call('POST', `/v1/deliveries/${erkrath.id}/reject`, 'ja-stadt-erkrath', {
      reasonCode: 'NOT_RESPONSIBLE',
      text: 'Familie nach Hilden verzogen',
    });
    expect(rejected.body).toMatchObject({
      status: 'REJECTED',
      reason: 'NOT_RESPONSIBLE: Familie nach Hilden verzogen',
    });

    // A crash right after the answer (SIGKILL, no shutdown): what the API said 200 to is on the topic.
    await api.service.kill();
    api = { ...api, ...(await startDeliveryApi(broker, offices)) };
    const [hilden] = (
      await waitUntil(
        () => list('ja-stadt-hilden'),
        (p) => p.deliveries.length === 1,
        { what: 'the inbox rebuilt' },
      )
    ).deliveries;
    expect(hilden.answer).toMatchObject({ status: 'ACCEPTED' });
    await call('GET', `/v1/deliveries/${hilden.id}`, 'ja-stadt-hilden');
    const again = await call('POST', `/v1/deliveries/${hilden.id}/accept`, 'ja-stadt-hilden');
    expect(again.body['status']).toBe('ACCEPTED');
    const afterRestart = await call('POST', `/v1/deliveries/${erkrath.id}/reject`, 'ja-stadt-erkrath', {
      reasonCode: 'NOT_RESPONSIBLE',
      text: 'Familie nach Hilden verzogen',
    });
    expect(afterRestart.body['acknowledgementId']).toBe(rejected.body['acknowledgementId']);

    // Hilden's receipt and acceptance, Erkrath's rejection (its receipt only if it opened it: it did not).
    const acks = await waitUntil(
      () => acknowledgementsAt('kpb-mettmann'),
      (a) => a.length >= 3,
      { what: 'Erkrath’s rejection at the police office', timeoutMs: 60_000 },
    );
    // Give a duplicate the time to arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const final = await acknowledgementsAt('kpb-mettmann');
    expect(final.map((a) => a.status).sort()).toEqual(['ACCEPTED', 'RECEIVED', 'REJECTED']);
    expect(final.find((a) => a.status === 'REJECTED')?.reason).toBe('NOT_RESPONSIBLE: Familie nach Hilden verzogen');
    expect(acks.length).toBe(3);
  });

  it('shows the police office every step of its case, each signed by the bridge, and no other office', async () => {
    const trail = async (office: string) => call('GET', `/v1/cases/${caseId}/events`, office);
    const complete = await waitUntil(
      async () => ((await trail('kpb-mettmann')).body['events'] ?? []) as TrailEntry[],
      (events) => events.filter((e) => e.status === 'REJECTED' || e.status === 'ACCEPTED').length === 2,
      { what: 'the answers in the audit trail', timeoutMs: 60_000 },
    );
    const steps = complete.map((e) => `${e.status} ${e.officeId}`);
    for (const step of [
      'SUBMITTED kpb-mettmann',
      'ROUTED ja-stadt-hilden',
      'ROUTED ja-stadt-erkrath',
      'DELIVERED ja-stadt-hilden',
      'DELIVERED ja-stadt-erkrath',
      'PICKED_UP ja-stadt-hilden',
      'ACCEPTED ja-stadt-hilden',
      'REJECTED ja-stadt-erkrath',
    ])
      expect(steps).toContain(step);
    expect(steps.indexOf('SUBMITTED kpb-mettmann')).toBe(0);
    expect(steps.indexOf('ACCEPTED ja-stadt-hilden')).toBeGreaterThan(steps.indexOf('PICKED_UP ja-stadt-hilden'));
    expect(complete.find((e) => e.status === 'ROUTED')?.text).toMatch(/SGB VIII/);
    expect(complete.find((e) => e.status === 'REJECTED')?.text).toContain('Nicht zuständig');

    const register = readKeyRegister(broker.serviceEnv().KSB_SIGNING_KEYS_FILE);
    for (const entry of complete) {
      expect(checkSecurityEvent(entry.token, register)).toMatchObject({
        ok: true,
        claims: {
          aud: 'kpb-mettmann',
          jti: entry.id,
          txn: caseId,
          events: { [CASE_STATUS_EVENT]: { status: entry.status } },
        },
      });
    }

    expect((await trail('ja-stadt-hilden')).body).toMatchObject({ code: 'NOT_CASE_SENDER' });
    expect((await trail('ja-stadt-erkrath')).status).toBe(403);
    expect((await call('GET', `/v1/cases/no-such-case/events`, 'kpb-mettmann')).status).toBe(404);
    expect((await call('GET', `/v1/cases/${caseId}/events`)).status).toBe(401);
  });
});
