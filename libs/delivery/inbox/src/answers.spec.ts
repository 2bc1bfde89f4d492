import { AnswerBook, acknowledgementEventId, parseRejection, reasonCodeOf, type RecordedAnswer } from './answers';
import { aDelivery } from './delivery.fixture';

const booked = (status: string, reason: string | null = null): RecordedAnswer => ({
  eventId: `ack-${status}`,
  senderOfficeId: 'ja-stadt-hilden',
  acknowledgedEventId: 'event-1',
  status,
  reason,
  at: '2026-12-05T10:05:00.000Z',
});

describe('AnswerBook', () => {
  it('answers a delivery back to its sender in the case of the event, under an id derived from office and event', () => {
    const ack = new AnswerBook().decide(aDelivery(), { decision: 'ACCEPTED' });
    expect(ack).toMatchObject({
      eventId: acknowledgementEventId('ja-stadt-hilden', 'event-1', 'ACCEPTED'),
      senderOfficeId: 'ja-stadt-hilden',
      content: {
        envelope: { correlationId: 'case-1', causationId: 'event-1' },
        acknowledgedEventId: 'event-1',
        originalSenderOfficeId: 'kpb-mettmann',
        status: 'ACCEPTED',
        reason: null,
      },
    });
    expect(ack?.content.envelope.eventId).toBe(ack?.eventId);
    // Accept and reject share one id: one decision per office and event, whichever instance publishes it.
    expect(acknowledgementEventId('ja-stadt-hilden', 'event-1', 'REJECTED')).toBe(ack?.eventId);
    expect(acknowledgementEventId('ja-stadt-hilden', 'event-1', 'RECEIVED')).not.toBe(ack?.eventId);
    expect(acknowledgementEventId('ja-stadt-erkrath', 'event-1', 'ACCEPTED')).not.toBe(ack?.eventId);
  });

  it('publishes a decision once: the same again is answered as before, a different one is refused', () => {
    const book = new AnswerBook();
    book.record(booked('REJECTED', 'NOT_RESPONSIBLE: Familie verzogen'));
    const rejectAgain = parseRejection({ reasonCode: 'NOT_RESPONSIBLE', text: ' Familie verzogen ' });
    expect(book.decide(aDelivery(), rejectAgain)).toBeUndefined();
    expect(() => book.decide(aDelivery(), { decision: 'ACCEPTED' })).toThrow(
      expect.objectContaining({ code: 'ALREADY_ANSWERED' }),
    );
    expect(() => book.decide(aDelivery(), parseRejection({ reasonCode: 'OTHER' }))).toThrow(
      expect.objectContaining({ code: 'ALREADY_ANSWERED' }),
    );
    // Another office's answer to the same event is its own.
    expect(book.decide(aDelivery({ officeId: 'ja-stadt-erkrath' }), { decision: 'ACCEPTED' })).toBeDefined();
  });

  it('sends one pickup receipt, keeps the first decision it reads and refuses to answer an acknowledgement', () => {
    const book = new AnswerBook();
    expect(book.pickup(aDelivery())?.content.status).toBe('RECEIVED');
    book.record(booked('RECEIVED'));
    expect(book.pickup(aDelivery())).toBeUndefined();
    book.record(booked('ACCEPTED'));
    book.record(booked('REJECTED', 'OTHER'));
    expect(book.of(aDelivery()).decision?.status).toBe('ACCEPTED');
    expect(book.of(aDelivery()).pickedUp?.status).toBe('RECEIVED');
    const feedback = aDelivery({ eventType: 'acknowledgement' });
    expect(book.pickup(feedback)).toBeUndefined();
    expect(() => book.decide(feedback, { decision: 'ACCEPTED' })).toThrow(
      expect.objectContaining({ code: 'NOT_ANSWERABLE' }),
    );
  });
});

describe('parseRejection', () => {
  it('takes a declared reason code with optional short text, and names what is wrong otherwise', () => {
    expect(parseRejection({ reasonCode: 'INCOMPLETE' })).toEqual({ decision: 'REJECTED', reasonCode: 'INCOMPLETE' });
    expect(parseRejection({ reasonCode: 'OTHER', text: 'Rückruf erbeten' })).toEqual({
      decision: 'REJECTED',
      reasonCode: 'OTHER',
      text: 'Rückruf erbeten',
    });
    for (const body of [{}, { reasonCode: 'MAYBE' }, { reasonCode: 'OTHER', text: 'x'.repeat(301) }, null])
      expect(() => parseRejection(body)).toThrow(expect.objectContaining({ code: 'INVALID_ANSWER' }));
    expect(() => parseRejection({ reasonCode: 'OTHER', text: 'zwei\nZeilen' })).toThrow(/one line/);
    expect(reasonCodeOf('NOT_RESPONSIBLE: Familie verzogen')).toBe('NOT_RESPONSIBLE');
    expect(reasonCodeOf(null)).toBeNull();
  });
});
