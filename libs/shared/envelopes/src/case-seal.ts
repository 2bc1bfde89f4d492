import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** A case's data key: the one key its content on every topic is sealed with (ADR 0023). */
export interface CaseDataKey {
  /** Names the key in every sealed value, so a reader asks the key store for the right one. */
  readonly keyId: string;
  readonly key: Buffer;
}

/** Content sealed under a case's data key; the ids it is bound to travel in clear beside it. */
export interface SealedContent {
  readonly keyId: string;
  readonly iv: Buffer;
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

export class SealError extends Error {
  override readonly name = 'SealError';
  constructor(message: string) {
    super(message);
  }
}

export const newCaseDataKey = (keyId: string): CaseDataKey => ({ keyId, key: randomBytes(32) });

/**
 * AES-256-GCM under the case's key, bound to `context` (topic, event id): a sealed value moved to another
 * record does not open. Destroying the key (crypto-shredding) leaves every sealed copy unreadable, on every
 * topic, although Kafka cannot delete one record.
 */
export const sealForCase = (dataKey: CaseDataKey, plaintext: Buffer, context: string): SealedContent => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', dataKey.key, iv);
  cipher.setAAD(Buffer.from(`${dataKey.keyId}\n${context}`, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { keyId: dataKey.keyId, iv, ciphertext, tag: cipher.getAuthTag() };
};

export const openForCase = (dataKey: CaseDataKey, sealed: SealedContent, context: string): Buffer => {
  if (sealed.keyId !== dataKey.keyId) throw new SealError(`sealed under ${sealed.keyId}, not ${dataKey.keyId}`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', dataKey.key, sealed.iv);
    decipher.setAAD(Buffer.from(`${dataKey.keyId}\n${context}`, 'utf8'));
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  } catch {
    throw new SealError(`content under ${sealed.keyId} does not open for ${context}`);
  }
};
