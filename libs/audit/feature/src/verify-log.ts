import type { KeyObject } from 'node:crypto';
import { ChainVerifier, type Checkpoint, type Verdict } from '@ksb/audit-chain';
import type { Wire } from '@ksb/wire';
import { auditRanges, readAuditLog, type AuditLogProgress, type AuditLogWindow } from './audit-log';

export interface LogVerdict {
  readonly partition: number;
  readonly fromOffset: string;
  readonly toOffset: string;
  readonly verdict: Verdict;
}

/**
 * Verifies every partition of the audit trail (or a time window of it) against the audit public key. A
 * window that starts after the beginning trusts its first record's link and says so in the result.
 */
export const verifyAuditLog = async (
  wire: Wire,
  publicKey: KeyObject,
  options: {
    window?: AuditLogWindow;
    external?: readonly Checkpoint[];
    onProgress?: (p: AuditLogProgress) => void;
  } = {},
): Promise<LogVerdict[]> => {
  const ranges = await auditRanges(wire, options.window);
  const verifiers = new Map(
    ranges.map((r) => [
      r.partition,
      new ChainVerifier(r.partition, publicKey, {
        from: options.window?.from ? 'first-record' : undefined,
        external: options.external?.filter((c) => c.partition === r.partition),
      }),
    ]),
  );
  await readAuditLog(
    wire,
    ranges,
    (partition, records) => {
      const verifier = verifiers.get(partition)!;
      for (const record of records) verifier.push(record);
    },
    options.onProgress,
  );
  return ranges.map((r) => ({
    partition: r.partition,
    fromOffset: r.from,
    toOffset: r.to,
    verdict: verifiers.get(r.partition)!.finish(),
  }));
};
