import type { AuditRecord } from '@ksb/contracts';
import type { KeyObject } from 'node:crypto';
import { checkpointOf, checkpointSignatureValid, type Checkpoint } from './checkpoint';
import { emptyChain, storedHash, type ChainHead } from './hash-chain';
import { sealValid } from './seal';

export type Tampering =
  | 'FORGED'
  | 'EDITED'
  | 'DELETED'
  | 'INSERTED'
  | 'REORDERED'
  | 'CHECKPOINT_SIGNATURE_INVALID'
  | 'CHECKPOINT_MISMATCH'
  | 'TRUNCATED';

export interface ChainSummary {
  readonly records: number;
  /** Signed checkpoints found in the chain and checked. */
  readonly checkpoints: number;
  readonly firstSequence: number;
  readonly lastSequence: number;
  readonly lastHash: string;
  /** Records after the last checkpoint: linked and sealed by the writer, not yet covered by a checkpoint. */
  readonly unsignedTail: number;
  /** Records after the last seal: their seal lies beyond the range read (a window); 0 when read to the end. */
  readonly unsealedTail: number;
}

/**
 * One record as the log holds it: what the chain reads of it (a checkpoint's details included), its stored
 * bytes and the seal header, if any.
 */
export interface StoredRecord {
  readonly record: Pick<AuditRecord, 'hop' | 'sequence' | 'previousHash'> & Partial<Pick<AuditRecord, 'details'>>;
  readonly bytes: Uint8Array;
  readonly seal?: string | null;
}

export type Verdict =
  | ({ readonly ok: true } & ChainSummary)
  | { readonly ok: false; readonly kind: Tampering; readonly sequence: number; readonly detail: string };

export type Failure = Extract<Verdict, { ok: false }>;

export interface VerifyOptions {
  /**
   * Where the chain is expected to start: the genesis (whole partition, the default), a known head, or
   * 'first-record' to trust the first record's link (a range from the middle of the log).
   */
  readonly from?: ChainHead | 'first-record';
  /** Checkpoints kept outside the log (an earlier export): they also catch a cut-off end. */
  readonly external?: readonly Checkpoint[];
  /**
   * Whether the records end where the log ends (the default). Then records after the last seal were not
   * written by the writer, which seals every transaction. A window that ends earlier may cut a transaction
   * off from its seal: those records are counted, not failed.
   */
  readonly toLogEnd?: boolean;
}

const fail = (kind: Tampering, sequence: number, detail: string): Failure => ({ ok: false, kind, sequence, detail });

/**
 * Verifies one partition's chain record by record, without holding the log in memory. Names the first bad
 * record by its sequence number: a gap is a deletion (or a reordering, if the missing record turns up
 * later), a repeat an insertion, a step back a reordering, a broken link an edit of the predecessor, a
 * record without the writer's signature over its hash a forgery (or an edit whose author rewrote the
 * hashes). Cutting records off the end is caught only by checkpoints kept outside the log.
 */
export class ChainVerifier {
  private previous?: ChainHead;
  private failure?: Failure;
  /** A gap seen: whether the missing record turns up later decides between deletion and reordering. */
  private gap?: { expected: number; seen: number };
  private count = 0;
  private checkpoints = 0;
  private firstSequence = 0;
  private sinceCheckpoint = 0;
  /** The first record not yet covered by a seal, and how many follow it. */
  private unsealed?: { from: number; count: number };
  private readonly toLogEnd: boolean;
  private readonly external: Map<number, Checkpoint>;

  constructor(
    private readonly partition: number,
    private readonly publicKey: KeyObject,
    options: VerifyOptions = {},
  ) {
    this.external = new Map((options.external ?? []).map((c) => [c.sequence, c]));
    this.toLogEnd = options.toLogEnd ?? true;
    if (options.from !== 'first-record') this.previous = options.from ?? emptyChain;
  }

  push(stored: StoredRecord): void {
    const seq = Number(stored.record.sequence);
    if (this.gap) {
      if (seq === this.gap.expected)
        this.failure = fail('REORDERED', seq, `record ${seq} stands after ${this.gap.seen}`);
      return;
    }
    if (this.failure) return;
    this.previous ??= { sequence: seq - 1, hash: stored.record.previousHash };
    if (this.count === 0) this.firstSequence = seq;
    this.failure = this.check(stored, seq, this.previous);
  }

  private check({ record, bytes, seal }: StoredRecord, seq: number, previous: ChainHead): Failure | undefined {
    if (seq === previous.sequence) return fail('INSERTED', seq, `sequence ${seq} appears twice`);
    if (seq < previous.sequence) return fail('REORDERED', seq, `sequence ${seq} follows ${previous.sequence}`);
    if (seq > previous.sequence + 1) {
      this.gap = { expected: previous.sequence + 1, seen: seq };
      return undefined;
    }
    if (record.previousHash !== previous.hash)
      return fail(
        'EDITED',
        previous.sequence,
        `record ${seq} links to a different version of record ${previous.sequence}`,
      );
    const hash = storedHash(bytes);
    if (seal) {
      if (!sealValid(this.partition, { sequence: seq, hash }, seal, this.publicKey))
        return fail(
          'FORGED',
          seq,
          `the seal on record ${seq} is not the audit writer's over the records up to it: edited, or written by someone else`,
        );
      this.unsealed = undefined;
    } else if (this.unsealed) this.unsealed.count++;
    else this.unsealed = { from: seq, count: 1 };
    if (record.hop === 'CHECKPOINT') {
      const problem = this.checkCheckpoint(checkpointOf(this.partition, record), previous);
      if (problem) return problem;
      this.checkpoints++;
      this.sinceCheckpoint = -1;
    }
    const kept = this.external.get(seq);
    if (kept && !checkpointSignatureValid(kept, this.publicKey))
      return fail('CHECKPOINT_SIGNATURE_INVALID', seq, `the kept checkpoint at ${seq} is not signed by the audit key`);
    if (kept && kept.hash !== hash)
      return fail('CHECKPOINT_MISMATCH', seq, `records up to ${seq} differ from what the kept checkpoint signed`);
    this.previous = { sequence: seq, hash };
    this.count++;
    this.sinceCheckpoint++;
    return undefined;
  }

  private checkCheckpoint(checkpoint: Checkpoint, previous: ChainHead): Failure | undefined {
    if (!checkpointSignatureValid(checkpoint, this.publicKey))
      return fail(
        'CHECKPOINT_SIGNATURE_INVALID',
        previous.sequence + 1,
        `checkpoint ${previous.sequence + 1} is not signed by the audit key`,
      );
    if (checkpoint.sequence !== previous.sequence || checkpoint.hash !== previous.hash)
      return fail(
        'CHECKPOINT_MISMATCH',
        checkpoint.sequence,
        `records up to ${checkpoint.sequence} differ from what checkpoint ${previous.sequence + 1} signed`,
      );
    return undefined;
  }

  finish(): Verdict {
    if (this.failure) return this.failure;
    if (this.unsealed && this.toLogEnd && !this.gap) {
      const { from, count } = this.unsealed;
      return fail(
        'FORGED',
        from,
        `record${count > 1 ? `s ${from}–${from + count - 1}` : ` ${from}`} at the end of the log carr${count > 1 ? 'y' : 'ies'} no seal of the audit writer, which seals every transaction: written by someone else`,
      );
    }
    if (this.gap) {
      const { expected, seen } = this.gap;
      return fail(
        'DELETED',
        expected,
        `sequence ${expected}${seen > expected + 1 ? `–${seen - 1}` : ''} missing before ${seen}`,
      );
    }
    const last = this.previous ?? emptyChain;
    for (const kept of this.external.values()) {
      if (kept.sequence > last.sequence)
        return fail(
          'TRUNCATED',
          kept.sequence,
          `a kept checkpoint covers record ${kept.sequence}, the chain ends at ${last.sequence}`,
        );
    }
    return {
      ok: true,
      records: this.count,
      checkpoints: this.checkpoints,
      firstSequence: this.firstSequence,
      lastSequence: last.sequence,
      lastHash: last.hash,
      unsignedTail: Math.max(0, this.sinceCheckpoint),
      unsealedTail: this.unsealed?.count ?? 0,
    };
  }
}

/** One partition's records, already in memory (a bundle, a test). */
export const verifyChain = (
  records: readonly StoredRecord[],
  publicKey: KeyObject,
  options: VerifyOptions & { partition?: number } = {},
): Verdict => {
  const verifier = new ChainVerifier(options.partition ?? 0, publicKey, options);
  for (const record of records) verifier.push(record);
  return verifier.finish();
};
