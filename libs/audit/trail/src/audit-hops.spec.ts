import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_DIR } from '@ksb/contracts';
import { auditEntries } from './audit-hops';
import type { AuditSource } from './audit-source';

const example = (file: string) => JSON.parse(readFileSync(join(SCHEMA_DIR, 'examples', file), 'utf8'));
const police = example('police-notification.hilden.json');
const acknowledgement = example('acknowledgement.erkrath.json');
const at = String(Date.parse('2026-11-21T08:00:00.000Z'));

const source = (over: Partial<AuditSource>): AuditSource => ({
  kind: 'ingest',
  topic: 'ksb.ingest.police-notification',
  partition: 1,
  offset: '42',
  timestamp: at,
  headers: { 'ksb-event-id': police.envelope.eventId, 'ksb-correlation-id': police.envelope.correlationId },
  eventType: 'police-notification',
  value: police,
  payloadSha256: 'ab'.repeat(32),
  ...over,
});

/** Every text value of an event outside its envelope and code lists: names, addresses, case numbers, prose. */
const personalValues = (value: unknown, key = ''): string[] => {
  if (typeof value === 'string')
    return ['urgency', 'triggerCategory', 'status', 'sex', 'countryCode'].includes(key) || value.length < 4
      ? []
      : [value];
  if (Array.isArray(value)) return value.flatMap((v) => personalValues(v, key));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => (k === 'envelope' ? [] : personalValues(v, k)));
  return [];
};

describe('audit entries per hop', () => {
  it('records a police notification as RECEIVED with offices and code lists only', () => {
    const [entry] = auditEntries(source({}));
    expect(entry).toMatchObject({
      auditId: 'ksb.ingest.police-notification/1/42',
      hop: 'RECEIVED',
      eventId: police.envelope.eventId,
      senderOfficeId: 'kpb-mettmann',
      eventType: 'police-notification',
      details: {
        category: 'DOMESTIC_VIOLENCE_CHILD_IN_HOUSEHOLD',
        urgency: 'NORMAL',
        occurredAt: '2026-11-21T08:00:00.000Z',
      },
    });
    const text = JSON.stringify(entry);
    const leaked = personalValues(police).filter((v) => text.includes(v));
    expect(personalValues(police).length).toBeGreaterThan(20);
    expect(leaked).toEqual([]);
  });

  it('records who put a dead letter back, from which letter and why, with the hop', () => {
    const headers = {
      ...source({}).headers,
      'ksb-requeued-from': 'ksb.ops.dead-letter/0/7',
      'ksb-requeued-by': 'ksb-admin',
      'ksb-requeue-reason': 'directory 2026-12-06.2 adds Hilden',
    };
    const [entry] = auditEntries(source({ headers }));
    expect(entry).toMatchObject({
      hop: 'RECEIVED',
      details: {
        requeuedFrom: 'ksb.ops.dead-letter/0/7',
        requeuedBy: 'ksb-admin',
        requeueReason: 'directory 2026-12-06.2 adds Hilden',
      },
    });
    expect(auditEntries(source({}))[0].details).not.toHaveProperty('requeuedFrom');
  });

  it('records an acknowledgement as ACKNOWLEDGED, addressed to the office that sent the event', () => {
    const [entry] = auditEntries(
      source({ topic: 'ksb.ingest.acknowledgement', eventType: 'acknowledgement', value: acknowledgement }),
    );
    expect(entry).toMatchObject({
      hop: 'ACKNOWLEDGED',
      senderOfficeId: 'ja-stadt-erkrath',
      recipientOfficeId: 'kpb-mettmann',
      details: { acknowledgedEventId: police.envelope.eventId, status: 'ACCEPTED' },
    });
    expect(JSON.stringify(entry)).not.toContain('home visit');
    expect(JSON.stringify(entry)).not.toContain('Beispiel');
  });

  it('keeps a rejection’s reason code and never its free text', () => {
    const rejected = (reason: string) =>
      auditEntries(
        source({
          topic: 'ksb.ingest.acknowledgement',
          eventType: 'acknowledgement',
          value: { ...acknowledgement, status: 'REJECTED', reason },
        }),
      )[0];
    const coded = rejected('NOT_RESPONSIBLE: Familie Beispiel nach Hilden verzogen');
    expect(coded.details).toMatchObject({ status: 'REJECTED', reasonCode: 'NOT_RESPONSIBLE' });
    expect(JSON.stringify(coded)).not.toContain('verzogen');
    expect(rejected('Familie verzogen').details).not.toHaveProperty('reasonCode');
  });

  it('still records an undecodable ingest message, marked so', () => {
    const [entry] = auditEntries(source({ value: undefined }));
    expect(entry).toMatchObject({ hop: 'RECEIVED', eventId: police.envelope.eventId, details: { decodable: 'false' } });
  });

  it('records an erasure as ERASED for its case: who, when, why, the provision and the keys destroyed', () => {
    const erasure = {
      correlationId: police.envelope.correlationId,
      caseReference: 'ab'.repeat(16),
      keyIds: ['ab'.repeat(16) + '.1'],
      erasedAt: '2026-12-06T09:00:00.000Z',
      erasedBy: 'ksb-case-eraser',
      reason: 'Hilfe beendet',
      legalBasis: '§ 84 Abs. 2 SGB X',
      repeated: false,
    };
    const [entry] = auditEntries(
      source({ kind: 'erasure', topic: 'ksb.ops.case-erasures', eventType: undefined, value: erasure }),
    );
    expect(entry).toMatchObject({
      hop: 'ERASED',
      correlationId: police.envelope.correlationId,
      details: {
        erasedAt: '2026-12-06T09:00:00.000Z',
        erasedBy: 'ksb-case-eraser',
        reason: 'Hilfe beendet',
        legalBasis: '§ 84 Abs. 2 SGB X',
        keyIds: erasure.keyIds[0],
        repeated: 'false',
      },
    });
  });

  it('records one ROUTED entry per recipient with rule, legal basis and directory version', () => {
    const recipients = [
      { officeId: 'ja-stadt-hilden', role: 'CASE_OWNER', provisional: false, rule: 'P2', legalBasis: '§ 86 Abs. 1' },
      { officeId: 'ja-stadt-erkrath', role: 'ACUTE', provisional: true, rule: 'P1', legalBasis: '§ 87' },
    ];
    const entries = auditEntries(
      source({
        kind: 'routed',
        topic: 'ksb.routed.police-notification',
        headers: { 'ksb-event-id': 'routed-1', 'ksb-correlation-id': police.envelope.correlationId },
        value: { decision: { eventId: police.envelope.eventId, directoryVersion: 'd-1', recipients }, event: police },
      }),
    );
    expect(entries.map((e) => [e.auditId, e.recipientOfficeId, e.details.rule, e.details.provisional])).toEqual([
      ['ksb.routed.police-notification/1/42#1', 'ja-stadt-hilden', 'P2', 'false'],
      ['ksb.routed.police-notification/1/42#2', 'ja-stadt-erkrath', 'P1', 'true'],
    ]);
    expect(entries[0]).toMatchObject({
      eventId: police.envelope.eventId,
      details: { directoryVersion: 'd-1', routedEventId: 'routed-1', legalBasis: '§ 86 Abs. 1' },
    });
  });

  it('records REDACTED from the report, DELIVERED and REJECTED from headers alone', () => {
    const report = {
      eventId: police.envelope.eventId,
      recipientOfficeId: 'ja-stadt-hilden',
      policyVersion: 'p-1',
      viewSubject: 'v',
      removedPaths: ['policeCaseNumber', 'healthData'],
      withheldPaths: [],
      legalBasis: '§ 8a',
    };
    const [redacted] = auditEntries(source({ kind: 'redaction-report', value: report }));
    expect(redacted).toMatchObject({
      hop: 'REDACTED',
      recipientOfficeId: 'ja-stadt-hilden',
      details: { removedPaths: 'policeCaseNumber,healthData', withheldPaths: '', policyVersion: 'p-1' },
    });
    const [delivered] = auditEntries(
      source({
        kind: 'delivery',
        topic: 'ksb.delivery.ja-stadt-hilden',
        partition: 0,
        offset: '7',
        value: undefined,
        headers: {
          'ksb-event-id': 'delivery-1',
          'ksb-source-event-id': police.envelope.eventId,
          'ksb-recipient-office': 'ja-stadt-hilden',
          'ksb-event-type': 'police-notification',
        },
      }),
    );
    expect(delivered).toMatchObject({
      hop: 'DELIVERED',
      eventId: police.envelope.eventId,
      recipientOfficeId: 'ja-stadt-hilden',
      details: { topic: 'ksb.delivery.ja-stadt-hilden', partition: '0', offset: '7', deliveryEventId: 'delivery-1' },
    });
    const [rejected] = auditEntries(
      source({
        kind: 'dead-letter',
        value: undefined,
        headers: {
          'ksb-event-id': 'e-9',
          'ksb-reason-code': 'INVALID_MUNICIPALITY_KEY',
          'ksb-failed-service': 'router',
          '__connect.errors.topic': 'ksb.ingest.police-notification',
          '__connect.errors.partition': '2',
          '__connect.errors.offset': '5',
        },
      }),
    );
    expect(rejected).toMatchObject({
      hop: 'REJECTED',
      eventId: 'e-9',
      details: {
        reasonCode: 'INVALID_MUNICIPALITY_KEY',
        service: 'router',
        rejectedFrom: 'ksb.ingest.police-notification/2/5',
      },
    });
  });
});
