import type { AuditRecord } from '@ksb/contracts';
import type { CaseTrails } from '@ksb/delivery-inbox';
import { isRetriable } from '@ksb/errors';
import type { Wire } from '@ksb/wire';
import type { FollowedRecord } from '@ksb/wire';

/**
 * The audit trail into the senders' case trails: ids, offices, codes and versions only, so reading it gives
 * the API nothing personal. A record it cannot read is `ksb audit verify`'s to report, not a case step.
 */
export const auditHandler =
  (wire: Wire, trails: CaseTrails) =>
  async (record: FollowedRecord): Promise<void> => {
    try {
      trails.add((await wire.codec.decode<AuditRecord>(record.value)).value);
    } catch (error) {
      if (isRetriable(error)) throw error;
    }
  };
