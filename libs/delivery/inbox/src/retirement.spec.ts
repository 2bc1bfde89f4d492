import { AnswerBook, type RecordedAnswer } from './answers';
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
  viewRecord: Buffer.alloc(0),
  ...(sealedKeyId ? { sealedKeyId } : {}),
});

const answered = (id: string, status: 'ACCEPTED' | 'REJECTED', at: string): RecordedAnswer => ({
  eventId: `answer-${id}`,
  senderOfficeId: 'ja-stadt-hilden',
  acknowledgedEventId: `event-${id}`,
  status,
  reason: status === 'REJECTED' ? 'NOT_RESPONSIBLE' : null,
  at,
});

describe('dueForRetirement', () => {
  const answers = new AnswerBook();
  answers.record(answered('long-ago', 'ACCEPTED', '2026-11-01T12:00:00.000Z'));
  answers.record(answered('just-now', 'ACCEPTED', '2026-12-05T12:00:00.000Z'));
  answers.record(answered('to-the-ms', 'ACCEPTED', '2026-11-06T12:00:00.000Z'));
  answers.record(answered('rejected', 'REJECTED', '2026-11-01T12:00:00.000Z'));
  answers.record(answered('encrypted', 'ACCEPTED', '2026-11-01T12:00:00.000Z'));
  const now = new Date('2026-12-06T12:00:00.000Z');

  it('lists sealed deliveries accepted at least the period ago; not later, rejected, unanswered or unsealed ones', () => {
    const due = dueForRetirement(
      [
        delivery('long-ago', 'k1'),
        delivery('just-now', 'k2'),
        delivery('to-the-ms', 'k3'),
        delivery('unanswered', 'k4'),
        delivery('rejected', 'k5'),
        delivery('encrypted'),
      ],
      answers,
      now,
      30 * DAY,
    );
    expect(due.map((d) => d.deliveryId)).toEqual(['long-ago', 'to-the-ms']);
  });
});
