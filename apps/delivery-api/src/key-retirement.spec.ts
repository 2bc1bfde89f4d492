import type { CaseKeyStore } from '@ksb/case-keys';
import { AnswerBook, DeliveryInbox, type Delivery } from '@ksb/delivery-inbox';
import { DeliveryApiMetrics } from './delivery-api.metrics';
import { DeliveryKeyRetirement } from './key-retirement';

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date('2026-12-06T12:00:00.000Z');
const delivery: Delivery = {
  deliveryId: 'd-1',
  officeId: 'ja-stadt-hilden',
  partition: 0,
  offset: 0n,
  sourceEventId: 'event-1',
  correlationId: 'case-1',
  eventType: 'police-notification',
  urgency: null,
  senderOfficeId: 'kpb-mettmann',
  receivedAt: '2026-11-01T10:00:00.000Z',
  viewRecord: Buffer.alloc(0),
  sealedKeyId: 'key-1',
};

const setUp = (retire: CaseKeyStore['retire']) => {
  const inbox = new DeliveryInbox();
  inbox.add(delivery);
  const answers = new AnswerBook();
  answers.record({
    eventId: 'answer-1',
    senderOfficeId: 'ja-stadt-hilden',
    acknowledgedEventId: 'event-1',
    status: 'ACCEPTED',
    reason: null,
    at: '2026-11-01T12:00:00.000Z',
  });
  const metrics = new DeliveryApiMetrics({ deliveries: () => inbox.size, cases: () => 0 });
  const logged: Record<string, unknown>[] = [];
  const store = { retire } as unknown as CaseKeyStore;
  const retirement = new DeliveryKeyRetirement(
    inbox,
    answers,
    store,
    metrics,
    30 * DAY,
    (e) => logged.push(e),
    () => NOW,
  );
  return { inbox, metrics, logged, retirement };
};

const value = async (metrics: DeliveryApiMetrics, name: string) =>
  (await metrics.registry.getSingleMetric(name)?.get())?.values[0]?.value;

describe('DeliveryKeyRetirement', () => {
  it('retires a due key, takes the delivery out and records when the round completed', async () => {
    const retired: string[][] = [];
    const { inbox, metrics, retirement } = setUp(async (ids) => (retired.push([...ids]), ids));
    await retirement.round();
    expect(retired).toEqual([['key-1']]);
    expect(() => inbox.find('ja-stadt-hilden', 'd-1')).toThrow(expect.objectContaining({ code: 'DELIVERY_RETIRED' }));
    expect(await value(metrics, 'ksb_delivery_keys_retired_total')).toBe(1);
    expect(await value(metrics, 'ksb_delivery_key_retirement_last_success_timestamp_seconds')).toBe(
      NOW.getTime() / 1000,
    );
  });

  it('counts and logs a round the store refused, keeps the delivery and leaves the last success alone', async () => {
    const { inbox, metrics, logged, retirement } = setUp(() => Promise.reject(new Error('EROFS: read-only')));
    await retirement.round();
    expect(inbox.find('ja-stadt-hilden', 'd-1').deliveryId).toBe('d-1');
    expect(await value(metrics, 'ksb_delivery_key_retirement_failures_total')).toBe(1);
    expect(await value(metrics, 'ksb_delivery_key_retirement_last_success_timestamp_seconds')).toBe(0);
    expect(logged).toEqual([expect.objectContaining({ level: 'warn', reason: 'EROFS: read-only' })]);
  });
});
