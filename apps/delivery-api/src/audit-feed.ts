import type { AuditRecord, CaseErasure } from '@ksb/contracts';
import type { CaseTrails, DeliveryInbox } from '@ksb/delivery-inbox';
import { decodedRecords, type SkippedRecord, type Wire } from '@ksb/wire';

/**
 * The audit trail into the senders' case trails: ids, offices, codes and versions only, so reading it gives
 * the API nothing personal. A record it cannot read is `ksb audit verify`'s to report, not a case step.
 */
export const auditHandler = (wire: Wire, trails: CaseTrails, skipped?: SkippedRecord) =>
  decodedRecords<AuditRecord>(wire, (record) => trails.add(record), skipped);

/**
 * Erased cases into the inbox, which withholds their deliveries made until then (ADR 0023). Read from the
 * erasure topic, loaded before the deliveries: it is small, and it outlives every delivery it concerns (both
 * are kept 90 days), where the audit trail would have to be read whole first. One it cannot read leaves that
 * case's deliveries served: only `ksb case erase` writes here, so `skipped` must reach an operator.
 */
export const erasureHandler = (wire: Wire, inbox: DeliveryInbox, skipped?: SkippedRecord) =>
  decodedRecords<CaseErasure>(wire, (erasure) => inbox.erase(erasure.correlationId, erasure.erasedAt), skipped);
