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
        eventId: '7e0c3a52-2f1d-4c55-9a11-0d6c1b1f7a07',
        occurredAt: '2026-11-20T22:40:00.000Z',
        correlationId: 'flow-1',
        causationId: 'e-1',
        senderOfficeId: 'ja-stadt-erkrath',
      },
      now,
      newId,
    );
    expect(envelope).toMatchObject({
      eventId: '7e0c3a52-2f1d-4c55-9a11-0d6c1b1f7a07',
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

  it.each([
    [{ eventId: 'e-7' }, 'envelope.eventId (expected a UUID)'],
    [{ extra: 1 }, 'envelope.extra (not allowed)'],
    [{ correlationId: 'x'.repeat(129) }, 'envelope.correlationId (expected an identifier)'],
    [{ causationId: 'a b' }, 'envelope.causationId (expected an identifier)'],
    [{ occurredAt: 'yesterday' }, 'envelope.occurredAt (expected an ISO-8601 timestamp)'],
    ['not an object', 'envelope (expected an object)'],
  ])('refuses %p naming the field', (input, problem) => {
    expect(() => buildEnvelope('kpb-mettmann', input as never, now, newId)).toThrow(
      expect.objectContaining({ code: 'SCHEMA_VALIDATION_FAILED', fieldPaths: [problem] }),
    );
  });
});
