import { sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson, type ChainHead } from './hash-chain';

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
