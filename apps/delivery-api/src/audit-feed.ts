import type { AuditRecord } from '@ksb/contracts';
import type { CaseTrails } from '@ksb/delivery-inbox';
import { decodedRecords, type Wire } from '@ksb/wire';

/**
 * The audit trail into the senders' case trails: ids, offices, codes and versions only, so reading it gives
 * the API nothing personal. A record it cannot read is `ksb audit verify`'s to report, not a case step.
 */
export const auditHandler = (wire: Wire, trails: CaseTrails) =>
  decodedRecords<AuditRecord>(wire, (record) => trails.add(record));
