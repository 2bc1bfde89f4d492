import type { Verdict } from '@ksb/audit-chain';

/** `ksb audit verify` exit codes: scripts and auditors tell "forged" from "not yet signed" without parsing. */
export const VERIFY_EXIT = {
  /** Every record is linked and covered by the writer's seal. */
  VERIFIED: 0,
  /** The chain is broken, a seal or signature is invalid, or (with --require-signed) a record is not sealed. */
  FAILED: 1,
  /** The chain is intact, but the seal of its last records lies beyond the window read: not proven here. */
  UNPROVEN: 3,
} as const;

export interface PartitionVerdict {
  readonly partition: number;
  readonly where?: string;
  readonly verdict: Verdict;
}

/**
 * One line per partition and the exit code. Read to the end of the log, every record must carry or precede
 * a writer's seal (the verifier fails them otherwise). A window that ends earlier may cut the last
 * transaction off from its seal: those records are linked by hash only, which anyone who can append can
 * extend, so they are named and cost their own exit code; `--require-signed` accepts nothing less than sealed.
 * Records after the last checkpoint are sealed, and only a checkpoint kept outside would show a cut-off end.
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
    lines.push(
      `ok    ${where}: ${verdict.records} records, ${range}, ${verdict.checkpoints} signed checkpoints` +
        (verdict.unsignedTail > 0 ? `, ${verdict.unsignedTail} sealed records after the last one` : ''),
    );
    if (verdict.unsealedTail > 0) {
      unproven = true;
      const first = verdict.lastSequence - verdict.unsealedTail + 1;
      lines.push(
        `${requireSigned ? 'FAIL ' : 'UNPROVEN'} ${where}: sequence ${first}–${verdict.lastSequence} ` +
          `(${verdict.unsealedTail} records) at the end of the window: linked, but their seal lies beyond it`,
      );
    }
  }
  const exitCode =
    failed || (unproven && requireSigned) ? VERIFY_EXIT.FAILED : unproven ? VERIFY_EXIT.UNPROVEN : VERIFY_EXIT.VERIFIED;
  return { lines, exitCode };
};
