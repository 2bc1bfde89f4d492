import { buildEnvelope, SenderMismatchError } from './envelope';

const now = new Date('2026-11-21T05:00:00.000Z');
const newId = () => '00000000-0000-4000-8000-000000000001';

describe('buildEnvelope', () => {
  it('starts a new flow: fresh event id, correlation id equal to it, times now', () => {
    expect(buildEnvelope('kpb-mettmann', undefined, now, newId)).toEqual({
      eventId: '00000000-0000-4000-8000-000000000001',
      occurredAt: '2026-11-21T05:00:00.000Z',
      recordedAt: '2026-11-21T05:00:00.000Z',
      senderOfficeId: 'kpb-mettmann',
      correlationId: '00000000-0000-4000-8000-000000000001',
      causationId: null,
      contractVersion: '1',
    });
  });

  it('keeps what the sender may set (idempotency key, occurrence time, flow ids)', () => {
    const envelope = buildEnvelope(
      'ja-stadt-erkrath',
      {
        eventId: 'e-7',
        occurredAt: '2026-11-20T22:40:00.000Z',
        correlationId: 'flow-1',
        causationId: 'e-1',
        senderOfficeId: 'ja-stadt-erkrath',
      },
      now,
      newId,
    );
    expect(envelope).toMatchObject({
      eventId: 'e-7',
      occurredAt: '2026-11-20T22:40:00.000Z',
      correlationId: 'flow-1',
      causationId: 'e-1',
    });
    expect(envelope.recordedAt).toBe('2026-11-21T05:00:00.000Z');
  });

  it('refuses a payload that speaks for another office', () => {
    expect(() => buildEnvelope('kpb-mettmann', { senderOfficeId: 'kpb-soest' }, now, newId)).toThrow(
      SenderMismatchError,
    );
  });
});
