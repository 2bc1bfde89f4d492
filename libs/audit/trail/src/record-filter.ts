import type { AuditHop, AuditRecord } from '@ksb/contracts';

/** What an auditor asks for: a time window (by when the audit recorded the hop), a case, an office, a type. */
export interface RecordFilter {
  readonly from?: Date;
  readonly to?: Date;
  /** A correlation id (the whole case flow) or one event id. */
  readonly caseId?: string;
  /** Sender or recipient. */
  readonly office?: string;
  readonly eventType?: string;
  readonly hops?: readonly AuditHop[];
}

export const matchesFilter = (record: AuditRecord, filter: RecordFilter): boolean => {
  const at = Date.parse(record.recordedAt);
  if (filter.from && at < filter.from.getTime()) return false;
  if (filter.to && at >= filter.to.getTime()) return false;
  if (filter.caseId && record.correlationId !== filter.caseId && record.eventId !== filter.caseId) return false;
  if (filter.office && record.senderOfficeId !== filter.office && record.recipientOfficeId !== filter.office)
    return false;
  if (filter.eventType && record.eventType !== filter.eventType) return false;
  if (filter.hops && !filter.hops.includes(record.hop)) return false;
  return true;
};
