import type { AuditRecord } from '@ksb/contracts';
import type { KeyObject } from 'node:crypto';
import { checkpointSignatureValid, type Checkpoint } from './checkpoint';
import { GENESIS_HASH, hashOf } from './hash-chain';

export type Tampering =
  | 'EDITED'
  | 'DELETED'
  | 'INSERTED'
  | 'REORDERED'
  | 'CHECKPOINT_SIGNATURE_INVALID'
  | 'CHECKPOINT_MISMATCH'
  | 'TRUNCATED';

export type Verdict =
  | { readonly ok: true; readonly records: number; readonly checkpoints: number }
  | { readonly ok: false; readonly kind: Tampering; readonly sequence: number; readonly detail: string };

/**
 * Verifies one partition's chain from its first record, and every checkpoint against it. Reports the first
 * bad record by its sequence number: a gap is a deletion, a repeat an insertion, a step back a reordering,
 * a broken link with an unbroken sequence an edit of the predecessor. Rewriting all later hashes after an
 * edit is caught by the signed checkpoints.
 */
export const verifyChain = (
  records: readonly AuditRecord[],
  checkpoints: readonly Checkpoint[],
  publicKey: KeyObject,
): Verdict => {
  const hashes = new Map<number, string>();
  let previous: { sequence: number; hash: string } = { sequence: 0, hash: GENESIS_HASH };
  const present = new Set(records.map((r) => Number(r.sequence)));
  for (const record of records) {
    const seq = Number(record.sequence);
    if (seq === previous.sequence)
      return { ok: false, kind: 'INSERTED', sequence: seq, detail: `sequence ${seq} appears twice` };
    if (seq < previous.sequence)
      return { ok: false, kind: 'REORDERED', sequence: seq, detail: `sequence ${seq} follows ${previous.sequence}` };
    if (seq > previous.sequence + 1) {
      const expected = previous.sequence + 1;
      if (present.has(expected))
        return { ok: false, kind: 'REORDERED', sequence: expected, detail: `record ${expected} stands after ${seq}` };
      return {
        ok: false,
        kind: 'DELETED',
        sequence: previous.sequence + 1,
        detail: `sequence ${previous.sequence + 1}${seq > previous.sequence + 2 ? `–${seq - 1}` : ''} missing before ${seq}`,
      };
    }
    if (record.previousHash !== previous.hash) {
      return {
        ok: false,
        kind: 'EDITED',
        sequence: previous.sequence,
        detail: `record ${seq} links to a different version of record ${previous.sequence}`,
      };
    }
    const hash = hashOf(record);
    hashes.set(seq, hash);
    previous = { sequence: seq, hash };
  }
  for (const checkpoint of checkpoints) {
    if (!checkpointSignatureValid(checkpoint, publicKey)) {
      return {
        ok: false,
        kind: 'CHECKPOINT_SIGNATURE_INVALID',
        sequence: checkpoint.sequence,
        detail: `checkpoint at ${checkpoint.sequence} is not signed by the audit key`,
      };
    }
    const hash = hashes.get(checkpoint.sequence);
    if (hash === undefined) {
      return {
        ok: false,
        kind: 'TRUNCATED',
        sequence: checkpoint.sequence,
        detail: `a checkpoint covers record ${checkpoint.sequence}, the chain ends at ${previous.sequence}`,
      };
    }
    if (hash !== checkpoint.hash) {
      return {
        ok: false,
        kind: 'CHECKPOINT_MISMATCH',
        sequence: checkpoint.sequence,
        detail: `records up to ${checkpoint.sequence} differ from what the checkpoint signed`,
      };
    }
  }
  return { ok: true, records: records.length, checkpoints: checkpoints.length };
};
