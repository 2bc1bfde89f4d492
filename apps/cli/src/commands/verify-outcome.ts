import type { Verdict } from '@ksb/audit-chain';

/** `ksb audit verify` exit codes: scripts and auditors tell "forged" from "not yet signed" without parsing. */
export const VERIFY_EXIT = {
  /** Every record is linked and covered by a signed checkpoint. */
  VERIFIED: 0,
  /** The chain is broken, a signature is invalid, or (with --require-signed) a record is not signed. */
  FAILED: 1,
  /** The chain is intact, but records after the last checkpoint are not proven: anyone could have written them. */
  UNPROVEN: 3,
} as const;

export interface PartitionVerdict {
  readonly partition: number;
  readonly where?: string;
  readonly verdict: Verdict;
}

/**
 * One line per partition and the exit code. Records after the last signed checkpoint are linked by hash,
 * which anyone who can append can extend: an edited last record passed with exit 0 and a note. They are
 * now named (sequences) and cost their own exit code; `--require-signed` accepts nothing less than signed.
 */
export const verifyOutcome = (
  partitions: readonly PartitionVerdict[],
  requireSigned: boolean,
): { lines: string[]; exitCode: number } => {
  const lines: string[] = [];
  let failed = false;
  let unproven = false;
  for (const { partition, where = `partition ${partition}`, verdict } of partitions) {
    if (!verdict.ok) {
      failed = true;
      lines.push(`FAIL  ${where}: ${verdict.kind} at sequence ${verdict.sequence}: ${verdict.detail}`);
      continue;
    }
    const range = verdict.records ? `sequence ${verdict.firstSequence}–${verdict.lastSequence}` : 'no records';
    lines.push(`ok    ${where}: ${verdict.records} records, ${range}, ${verdict.checkpoints} signed checkpoints`);
    if (verdict.unsignedTail > 0) {
      unproven = true;
      const first = verdict.lastSequence - verdict.unsignedTail + 1;
      lines.push(
        `${requireSigned ? 'FAIL ' : 'UNPROVEN'} ${where}: sequence ${first}–${verdict.lastSequence} ` +
          `(${verdict.unsignedTail} records) after the last signed checkpoint: linked, but no signature covers them`,
      );
    }
  }
  const exitCode =
    failed || (unproven && requireSigned) ? VERIFY_EXIT.FAILED : unproven ? VERIFY_EXIT.UNPROVEN : VERIFY_EXIT.VERIFIED;
  return { lines, exitCode };
};
