import { createHash } from 'node:crypto';
import type { AuditRecord } from '@ksb/contracts';

/** The predecessor of the first record of every partition's chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with sorted keys: the same record always hashes the same, whatever produced it. */
export const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
};

export const hashOf = (record: AuditRecord): string => createHash('sha256').update(canonicalJson(record)).digest('hex');

export interface ChainHead {
  readonly sequence: number;
  readonly hash: string;
}

/** A record before it is linked: the chain adds its sequence number and its predecessor's hash. */
export type UnlinkedRecord = Omit<AuditRecord, 'sequence' | 'previousHash'>;

export const emptyChain: ChainHead = { sequence: 0, hash: GENESIS_HASH };

/** Links a new record to the chain: next sequence number and its predecessor's hash. */
export const appendRecord = (head: ChainHead, record: UnlinkedRecord): { record: AuditRecord; head: ChainHead } => {
  const linked: AuditRecord = { ...record, sequence: head.sequence + 1, previousHash: head.hash };
  return { record: linked, head: { sequence: linked.sequence, hash: hashOf(linked) } };
};
