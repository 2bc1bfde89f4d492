import type { Delivery } from './inbox';
import { dueForRetirement } from './retirement';

const DAY = 24 * 60 * 60 * 1000;
const delivery = (id: string, sealedKeyId?: string): Delivery => ({
  deliveryId: id,
  officeId: 'ja-stadt-hilden',
  partition: 0,
  offset: 0n,
  sourceEventId: `event-${id}`,
  correlationId: 'case-1',
  eventType: 'police-notification',
  urgency: null,
  senderOfficeId: 'kpb-mettmann',
  receivedAt: '2026-11-01T10:00:00.000Z',
  view: {},
  ...(sealedKeyId ? { sealedKeyId } : {}),
});

describe('dueForRetirement', () => {
  const accepted: Record<string, string> = {
    'long-ago': '2026-11-01T12:00:00.000Z',
    'just-now': '2026-12-05T12:00:00.000Z',
    'to-the-ms': '2026-11-06T12:00:00.000Z',
    encrypted: '2026-11-01T12:00:00.000Z',
  };
  const now = new Date('2026-12-06T12:00:00.000Z');

  it('lists sealed deliveries accepted at least the period ago, not later ones, unanswered or unsealed ones', () => {
    const due = dueForRetirement(
      [
        delivery('long-ago', 'k1'),
        delivery('just-now', 'k2'),
        delivery('to-the-ms', 'k3'),
        delivery('unanswered', 'k4'),
        delivery('encrypted'),
      ],
      (d) => accepted[d.deliveryId],
      now,
      30 * DAY,
    );
    expect(due.map((d) => d.deliveryId)).toEqual(['long-ago', 'to-the-ms']);
  });
});
