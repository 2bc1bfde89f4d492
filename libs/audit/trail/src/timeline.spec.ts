import type { AuditRecord } from '@ksb/contracts';
import { matchesFilter } from './record-filter';
import { timeline } from './timeline';

const rec = (hop: AuditRecord['hop'], occurredAt: string, details: Record<string, string> = {}): AuditRecord => ({
  auditId: `${hop}-${occurredAt}`,
  hop,
  eventId: 'e-1',
  correlationId: 'case-1',
  eventType: 'police-notification',
  senderOfficeId: 'kpb-mettmann',
  recipientOfficeId: hop === 'RECEIVED' ? null : 'ja-stadt-hilden',
  details: { occurredAt, ...details },
  payloadSha256: null,
  sequence: 1,
  previousHash: '',
  recordedAt: '2026-11-21T09:00:00.000Z',
});

describe('case timeline and filters', () => {
  it('lists one case hop by hop in the order they happened, whatever order the log holds them in', () => {
    const t = '2026-11-21T08:00:00.000Z';
    const lines = timeline(
      [
        rec('DELIVERED', t, { topic: 'ksb.delivery.ja-stadt-hilden', partition: '0', offset: '3' }),
        rec('ROUTED', t, { rule: 'P2', legalBasis: '§ 86', role: 'CASE_OWNER', directoryVersion: 'd1' }),
        rec('RECEIVED', t, { category: 'NEGLECT' }),
        rec('REDACTED', t, { removedPaths: 'a,b', withheldPaths: '', policyVersion: 'p1', legalBasis: '§ 8a' }),
        { ...rec('RECEIVED', t), correlationId: 'other', eventId: 'other' },
      ],
      'case-1',
    );
    expect(lines[0]).toBe('case case-1: 4 hops');
    expect(lines.slice(1).map((l) => l.split(/\s+/)[1])).toEqual(['RECEIVED', 'ROUTED', 'REDACTED', 'DELIVERED']);
    expect(lines[2]).toContain('→ ja-stadt-hilden as CASE_OWNER by rule P2 (§ 86), directory d1');
    expect(lines[3]).toContain('2 paths removed, 0 withheld');
    expect(timeline([], 'nope')).toEqual(['no audit records for case nope']);
  });

  it('filters by time window (half-open), case, office, type and hop', () => {
    const r = rec('ROUTED', '2026-11-21T08:00:00.000Z');
    const window = { from: new Date('2026-11-21T09:00:00.000Z'), to: new Date('2026-11-21T09:00:00.001Z') };
    expect(matchesFilter(r, window)).toBe(true);
    expect(matchesFilter(r, { ...window, from: new Date('2026-11-21T09:00:00.001Z') })).toBe(false);
    expect(matchesFilter(r, { to: new Date('2026-11-21T09:00:00.000Z') })).toBe(false);
    expect(matchesFilter(r, { caseId: 'e-1', office: 'ja-stadt-hilden', eventType: 'police-notification' })).toBe(true);
    expect(matchesFilter(r, { office: 'ja-kreis-soest' })).toBe(false);
    expect(matchesFilter(r, { hops: ['DELIVERED'] })).toBe(false);
  });
});
