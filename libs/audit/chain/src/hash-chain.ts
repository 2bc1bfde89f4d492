import { hash } from 'node:crypto';
import type { AuditRecord } from '@ksb/contracts';

/** The predecessor of the first record of every partition's chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with sorted keys: the same checkpoint statement always signs the same, whatever produced it. */
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

/**
 * A record's chain hash: SHA-256 of its bytes as stored (the Kafka record's value, frame included). Hashing
 * what is stored rather than a canonical form re-derived from the decoded record costs one hash and no
 * re-serialisation, and leaves no room between what was hashed and what an auditor reads (docs/adr/0010).
 * The one-shot `hash` takes half the time of createHash/update/digest for a record's few hundred bytes.
 */
export const storedHash = (bytes: Uint8Array): string => hash('sha256', bytes, 'hex');

export interface ChainHead {
  readonly sequence: number;
  readonly hash: string;
}

/** A record before it is linked: the chain adds its sequence number and its predecessor's hash. */
export type UnlinkedRecord = Omit<AuditRecord, 'sequence' | 'previousHash'>;

export const emptyChain: ChainHead = { sequence: 0, hash: GENESIS_HASH };

/** Turns a linked record into the bytes that will be stored (the writer's Avro codec; a test may use JSON). */
export type RecordEncoder = (record: AuditRecord) => Buffer;

/**
 * Links a new record to the chain (next sequence number, its predecessor's hash) and encodes it: the hash of
 * those bytes is the new head. Unsealed: the writer seals the last record of each partition in a transaction.
 */
export const appendRecord = (
  head: ChainHead,
  record: UnlinkedRecord,
  encode: RecordEncoder,
): { record: AuditRecord; bytes: Buffer; head: ChainHead } => {
  const linked: AuditRecord = { ...record, sequence: head.sequence + 1, previousHash: head.hash };
  const bytes = encode(linked);
  return { record: linked, bytes, head: { sequence: linked.sequence, hash: storedHash(bytes) } };
};
