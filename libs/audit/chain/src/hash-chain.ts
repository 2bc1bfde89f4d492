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

/** A string JSON.stringify would leave as it is between quotes: no quote, backslash, control or lone surrogate. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;
const str = (v: string | null): string => (v === null ? 'null' : PLAIN.test(v) ? `"${v}"` : JSON.stringify(v));

/** The general way: every field but the writer's signature, which is over the hash and cannot be in it. */
const generalRecordJson = (record: AuditRecord): string => canonicalJson({ ...record, writerSignature: undefined });

/**
 * The same string canonicalJson gives for an audit record without its writer signature (the signature is
 * over the hash, so it cannot be inside it), two to three times faster: verifying a million records is
 * mostly this function (docs/benchmarks/audit-verify.md). A record of another shape (a field added by a
 * later schema version) goes the general way; a property test holds the two equal.
 */
export const canonicalRecordJson = (record: AuditRecord): string => {
  const keys = Object.keys(record);
  if (
    keys.length !== 13 ||
    !('writerSignature' in record) ||
    typeof record.sequence !== 'number' ||
    typeof record.details !== 'object' ||
    !record.details
  )
    return generalRecordJson(record);
  const r = record as unknown as Record<string, unknown>;
  for (const field of [
    'auditId',
    'correlationId',
    'eventId',
    'eventType',
    'hop',
    'payloadSha256',
    'previousHash',
    'recipientOfficeId',
    'recordedAt',
    'senderOfficeId',
  ])
    if (r[field] !== null && typeof r[field] !== 'string') return generalRecordJson(record);
  const detailKeys = Object.keys(record.details).sort();
  let details = '{';
  for (let i = 0; i < detailKeys.length; i++) {
    const value = record.details[detailKeys[i]];
    if (typeof value !== 'string') return generalRecordJson(record);
    details += `${i ? ',' : ''}${str(detailKeys[i])}:${str(value)}`;
  }
  return (
    `{"auditId":${str(record.auditId)},"correlationId":${str(record.correlationId)},"details":${details}},` +
    `"eventId":${str(record.eventId)},"eventType":${str(record.eventType)},"hop":${str(record.hop)},` +
    `"payloadSha256":${str(record.payloadSha256)},"previousHash":${str(record.previousHash)},` +
    `"recipientOfficeId":${str(record.recipientOfficeId)},"recordedAt":${str(record.recordedAt)},` +
    `"senderOfficeId":${str(record.senderOfficeId)},"sequence":${JSON.stringify(record.sequence)}}`
  );
};

export const hashOf = (record: AuditRecord): string =>
  createHash('sha256').update(canonicalRecordJson(record)).digest('hex');

export interface ChainHead {
  readonly sequence: number;
  readonly hash: string;
}

/** A record before it is linked: the chain adds its sequence number and its predecessor's hash. */
export type UnlinkedRecord = Omit<AuditRecord, 'sequence' | 'previousHash' | 'writerSignature'>;

export const emptyChain: ChainHead = { sequence: 0, hash: GENESIS_HASH };

/**
 * Links a new record to the chain: next sequence number and its predecessor's hash. Unsigned: the writer
 * signs it (signRecord) before it leaves the process.
 */
export const appendRecord = (head: ChainHead, record: UnlinkedRecord): { record: AuditRecord; head: ChainHead } => {
  const linked: AuditRecord = {
    ...record,
    sequence: head.sequence + 1,
    previousHash: head.hash,
    writerSignature: null,
  };
  return { record: linked, head: { sequence: linked.sequence, hash: hashOf(linked) } };
};
