import type { AuditRecord } from '@ksb/contracts';

const HOP_ORDER: readonly AuditRecord['hop'][] = [
  'RECEIVED',
  'REJECTED',
  'ROUTED',
  'REDACTED',
  'DELIVERED',
  'ACKNOWLEDGED',
  'ERASED',
  'CHECKPOINT',
];

/** When the hop happened: the audited record's time, not when the writer got to it. */
export const occurred = (r: AuditRecord) => r.details.occurredAt ?? r.recordedAt;

/** Where a hop stands among hops of the same instant: received before routed before delivered. */
export const hopRank = (hop: AuditRecord['hop']): number => HOP_ORDER.indexOf(hop);

/** The order a case's hops happened in: by time, a hop before the next one at the same millisecond. */
export const byOccurrence = (a: AuditRecord, b: AuditRecord): number =>
  occurred(a).localeCompare(occurred(b)) || hopRank(a.hop) - hopRank(b.hop) || a.auditId.localeCompare(b.auditId);

const describe = (r: AuditRecord): string => {
  const d = r.details;
  const to = r.recipientOfficeId ? `→ ${r.recipientOfficeId}` : '';
  switch (r.hop) {
    case 'RECEIVED':
      return `${r.eventType ?? 'event'} from ${r.senderOfficeId ?? '?'}${d.category ? `, ${d.category}` : ''}${d.urgency ? `, ${d.urgency}` : ''}`;
    case 'REJECTED':
      return `dead-lettered by ${d.service ?? '?'}: ${d.reasonCode} (message ${d.rejectedFrom})`;
    case 'ROUTED':
      return `${to} as ${d.role ?? '?'} by rule ${d.rule ?? '?'} (${d.legalBasis ?? '?'}), directory ${d.directoryVersion}`;
    case 'REDACTED': {
      const count = (paths?: string) => (paths ? paths.split(',').length : 0);
      return `${to} view ${d.viewSubject ?? '?'}, policy ${d.policyVersion}: ${count(d.removedPaths)} paths removed, ${count(d.withheldPaths)} withheld (${d.legalBasis})`;
    }
    case 'DELIVERED':
      return `${to} at ${d.topic}/${d.partition}/${d.offset}`;
    case 'ACKNOWLEDGED':
      return `${d.status ?? '?'} from ${r.senderOfficeId ?? '?'} for event ${d.acknowledgedEventId ?? '?'}${to ? ` ${to}` : ''}`;
    case 'ERASED':
      return `erased by ${d.erasedBy ?? '?'} (${d.legalBasis ?? '?'}): ${d.reason ?? '?'}; keys ${d.keyIds || 'none held'}${d.repeated === 'true' ? ', again' : ''}${d.purgedLetter ? `, purging dead letter ${d.purgedLetter}` : ''}`;
    default:
      return '';
  }
};

/** One case's path through the bridge, hop by hop, in the order the hops happened; for a human reader. */
export const timeline = (records: readonly AuditRecord[], caseId: string): string[] => {
  const hops = records
    .filter((r) => r.hop !== 'CHECKPOINT' && (r.correlationId === caseId || r.eventId === caseId))
    .sort(byOccurrence);
  if (hops.length === 0) return [`no audit records for case ${caseId}`];
  return [
    `case ${caseId}: ${hops.length} hops`,
    ...hops.map((r) => `${occurred(r)}  ${r.hop.padEnd(12)}  ${describe(r)}  [${r.auditId}]`),
  ];
};
