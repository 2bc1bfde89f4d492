import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { AuditRecord } from '@ksb/contracts';
import { canonicalJson, type ChainHead, type UnlinkedRecord } from './hash-chain';

/** A signed statement of a chain's head: nothing before it can change without breaking the signature. */
export interface Checkpoint {
  readonly partition: number;
  readonly sequence: number;
  readonly hash: string;
  readonly signedAt: string;
  /** Ed25519 over the canonical JSON of the other fields, base64. */
  readonly signature: string;
}

const payload = (c: Omit<Checkpoint, 'signature'>) =>
  Buffer.from(canonicalJson({ partition: c.partition, sequence: c.sequence, hash: c.hash, signedAt: c.signedAt }));

export const signCheckpoint = (partition: number, head: ChainHead, at: Date, privateKey: KeyObject): Checkpoint => {
  const unsigned = { partition, sequence: head.sequence, hash: head.hash, signedAt: at.toISOString() };
  return { ...unsigned, signature: sign(null, payload(unsigned), privateKey).toString('base64') };
};

export const checkpointSignatureValid = (checkpoint: Checkpoint, publicKey: KeyObject): boolean =>
  verify(null, payload(checkpoint), publicKey, Buffer.from(checkpoint.signature, 'base64'));

/** The public half, whether given the key pair's private or public key. */
export const publicKeyOf = (key: KeyObject): KeyObject => (key.type === 'public' ? key : createPublicKey(key));

/** Short, stable name of a public key (SHA-256 of its SPKI encoding), so a report can say which key signed. */
export const keyFingerprint = (key: KeyObject): string =>
  createHash('sha256')
    .update(publicKeyOf(key).export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);

/**
 * A checkpoint travels in the chain itself, as a CHECKPOINT record right after the record it covers: deleting
 * it breaks the chain, and a verifier reading the log finds every signature where it belongs.
 */
export const checkpointRecord = (checkpoint: Checkpoint, signer: KeyObject): UnlinkedRecord => ({
  auditId: `checkpoint:${checkpoint.partition}:${checkpoint.sequence}`,
  hop: 'CHECKPOINT',
  eventId: null,
  correlationId: null,
  eventType: null,
  senderOfficeId: null,
  recipientOfficeId: null,
  details: {
    coversSequence: String(checkpoint.sequence),
    coversHash: checkpoint.hash,
    signedAt: checkpoint.signedAt,
    signature: checkpoint.signature,
    keyFingerprint: keyFingerprint(signer),
  },
  payloadSha256: null,
  recordedAt: checkpoint.signedAt,
});

export const checkpointOf = (partition: number, record: Partial<Pick<AuditRecord, 'details'>>): Checkpoint => ({
  partition,
  sequence: Number(record.details?.coversSequence),
  hash: record.details?.coversHash ?? '',
  signedAt: record.details?.signedAt ?? '',
  signature: record.details?.signature ?? '',
});
