import type { AuditRecord } from '@ksb/contracts';
import { CaseTrails, escalationStep } from './status-trail';

let n = 0;
const record = (hop: AuditRecord['hop'], fields: Partial<AuditRecord>, details: Record<string, string> = {}) =>
  ({
    auditId: `ksb.topic/0/${n++}`,
    hop,
    eventId: 'event-1',
    correlationId: 'case-1',
    eventType: 'police-notification',
    senderOfficeId: null,
    recipientOfficeId: null,
    payloadSha256: null,
    sequence: n,
    previousHash: '',
    ...fields,
    recordedAt: '2026-12-05T10:00:09.000Z',
    details: { occurredAt: `2026-12-05T10:00:0${Math.min(n, 9)}.000Z`, ...details },
  }) as unknown as AuditRecord;

const aCase = () => {
  n = 0;
  const trails = new CaseTrails();
  [
    record('RECEIVED', { senderOfficeId: 'kpb-mettmann' }, { urgency: 'IMMEDIATE' }),
    record(
      'ROUTED',
      { recipientOfficeId: 'ja-stadt-hilden' },
      { rule: 'P1-acute', legalBasis: '§ 87, § 86d SGB VIII', directoryVersion: 'v1' },
    ),
    record('REDACTED', { recipientOfficeId: 'ja-stadt-hilden' }, { policyVersion: 'p1' }),
    record('DELIVERED', { recipientOfficeId: 'ja-stadt-hilden' }),
    record('CHECKPOINT', {}),
    record(
      'ACKNOWLEDGED',
      { eventId: 'ack-1', eventType: 'acknowledgement', senderOfficeId: 'ja-stadt-hilden' },
      { status: 'RECEIVED' },
    ),
    record(
      'ACKNOWLEDGED',
      { eventId: 'ack-2', eventType: 'acknowledgement', senderOfficeId: 'ja-stadt-hilden' },
      { status: 'REJECTED', reasonCode: 'NOT_RESPONSIBLE' },
    ),
    record('ROUTED', { eventId: 'ack-2', eventType: 'acknowledgement', recipientOfficeId: 'kpb-mettmann' }),
    record('DELIVERED', { eventId: 'ack-2', eventType: 'acknowledgement', recipientOfficeId: 'kpb-mettmann' }),
  ].forEach((r) => trails.add(r));
  return trails;
};

describe('CaseTrails', () => {
  it('tells the sender every step of its case in order, with rule, legal basis and reason in words', () => {
    const trail = aCase().trail('case-1', 'kpb-mettmann');
    expect(trail.map((e) => [e.status, e.officeId])).toEqual([
      ['SUBMITTED', 'kpb-mettmann'],
      ['ROUTED', 'ja-stadt-hilden'],
      ['DELIVERED', 'ja-stadt-hilden'],
      ['PICKED_UP', 'ja-stadt-hilden'],
      ['REJECTED', 'ja-stadt-hilden'],
    ]);
    expect(trail[1].text).toContain('§ 87, § 86d SGB VIII');
    expect(trail[1].text).toContain('the Jugendamt where the child actually is');
    expect(trail[1].details).toEqual({ rule: 'P1-acute', legalBasis: '§ 87, § 86d SGB VIII', directoryVersion: 'v1' });
    expect(trail[4].text).toContain('Nicht zuständig');
    expect(trail[4].details).toMatchObject({ reasonCode: 'NOT_RESPONSIBLE' });
  });

  it('refuses an office that submitted nothing in the case, and answers an unknown case as such', () => {
    const trails = aCase();
    expect(() => trails.trail('case-1', 'ja-stadt-hilden')).toThrow(
      expect.objectContaining({ code: 'NOT_CASE_SENDER' }),
    );
    expect(() => trails.trail('case-1', 'kpb-soest')).toThrow(expect.objectContaining({ code: 'NOT_CASE_SENDER' }));
    expect(() => trails.trail('case-2', 'kpb-mettmann')).toThrow(expect.objectContaining({ code: 'CASE_NOT_FOUND' }));
  });

  it('keeps one entry per audit record when the trail is read again, and adds the bridge’s own notes in time order', () => {
    const trails = aCase();
    n = 0;
    trails.add(record('RECEIVED', { senderOfficeId: 'kpb-mettmann' }, { urgency: 'IMMEDIATE' }));
    trails.note('case-1', {
      id: 'overdue-1',
      status: 'OVERDUE',
      at: '2026-12-05T10:00:02.500Z',
      eventId: 'event-1',
      eventType: 'police-notification',
      officeId: 'ja-stadt-hilden',
      details: {},
      text: 'not picked up in time',
    });
    const statuses = trails.trail('case-1', 'kpb-mettmann').map((e) => e.status);
    expect(statuses).toEqual(['SUBMITTED', 'ROUTED', 'OVERDUE', 'DELIVERED', 'PICKED_UP', 'REJECTED']);
    expect(trails.size).toBe(1);
  });
});

describe('CaseTrails.casesOf', () => {
  it('lists the cases an office submitted in, with their latest step, and none of another office', () => {
    const trails = aCase();
    expect(trails.casesOf('kpb-mettmann')).toEqual([
      { correlationId: 'case-1', latest: expect.objectContaining({ status: 'REJECTED' }) },
    ]);
    expect(trails.casesOf('ja-stadt-hilden')).toEqual([]);
  });
});

describe('escalationStep', () => {
  it('states level 1 as overdue, level 2 as escalated with whom, and the resolution, each with its own id', () => {
    const escalation = {
      escalationId: 'ja-stadt-hilden:event-1',
      state: 'RAISED' as const,
      level: 1,
      reason: 'PICKUP_OVERDUE',
      eventId: 'event-1',
      correlationId: 'case-1',
      eventType: 'police-notification',
      urgency: 'DANGER_NOW',
      recipientOfficeId: 'ja-stadt-hilden',
      senderOfficeId: 'kpb-mettmann',
      deliveredAt: '2026-12-05T10:00:00.000Z',
      deadline: '2026-12-05T10:10:00.000Z',
      at: '2026-12-05T10:10:02.000Z',
      escalateTo: null,
      policyVersion: 'p1',
    };
    const steps = [
      escalationStep(escalation),
      escalationStep({ ...escalation, level: 2, escalateTo: 'Rufbereitschaft Kreis Mettmann' }),
      escalationStep({ ...escalation, state: 'RESOLVED', level: 2, reason: 'ANSWERED' }),
    ];
    expect(steps.map((s) => s.status)).toEqual(['OVERDUE', 'ESCALATED', 'RESOLVED']);
    expect(new Set(steps.map((s) => s.id)).size).toBe(3);
    expect(steps[0].text).toContain('not picked it up');
    expect(steps[1].text).toContain('Rufbereitschaft Kreis Mettmann');
    expect(steps[0].details).toMatchObject({ level: '1', reason: 'PICKUP_OVERDUE', policyVersion: 'p1' });
  });
});
