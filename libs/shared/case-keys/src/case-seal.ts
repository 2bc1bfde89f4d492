import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { CaseKey, CaseKeyStore } from './case-key-store.port';
import { SealBrokenError } from './case-keys.errors';
import { freshRandom } from './random-pool';

/**
 * The sealed frame (ADR 0023): `KSBS`, version 1, the key id's length and the key id, a 12-byte IV, then the
 * AES-256-GCM ciphertext of the record as it was framed before (Confluent frame, schema id and Avro body) and
 * its 16-byte tag. Everything before the IV is associated data, so the key id cannot be swapped. A Confluent
 * frame starts with byte 0, so a reader tells the two apart by the first byte.
 */
const MAGIC = Buffer.from('KSBS', 'ascii');
const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export const isSealed = (value: Buffer | null | undefined): value is Buffer =>
  !!value && value.length > MAGIC.length && value.subarray(0, MAGIC.length).equals(MAGIC);

const headerOf = (keyId: string): Buffer => {
  const id = Buffer.from(keyId, 'utf8');
  return Buffer.concat([MAGIC, Buffer.from([VERSION, id.length]), id]);
};

export const sealWith = (caseKey: CaseKey, plain: Buffer): Buffer => {
  const header = headerOf(caseKey.keyId);
  const iv = freshRandom(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', caseKey.key, iv);
  cipher.setAAD(header);
  return Buffer.concat([header, iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
};

/** The key id a sealed frame names, for a reader that must say which key it lacks. */
export const sealedKeyId = (sealed: Buffer): string => {
  if (!isSealed(sealed) || sealed[MAGIC.length] !== VERSION)
    throw new SealBrokenError('not a sealed frame of version 1');
  const length = sealed[MAGIC.length + 1];
  return sealed.subarray(MAGIC.length + 2, MAGIC.length + 2 + length).toString('utf8');
};

export const openWith = (caseKey: CaseKey, sealed: Buffer): Buffer => {
  const keyId = sealedKeyId(sealed);
  if (keyId !== caseKey.keyId) throw new SealBrokenError(`sealed under ${keyId}, not ${caseKey.keyId}`);
  const headerLength = MAGIC.length + 2 + Buffer.byteLength(keyId, 'utf8');
  if (sealed.length < headerLength + IV_BYTES + TAG_BYTES)
    throw new SealBrokenError(`sealed frame under ${keyId} is cut short`);
  try {
    const decipher = createDecipheriv(
      'aes-256-gcm',
      caseKey.key,
      sealed.subarray(headerLength, headerLength + IV_BYTES),
    );
    decipher.setAAD(sealed.subarray(0, headerLength));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return Buffer.concat([
      decipher.update(sealed.subarray(headerLength + IV_BYTES, sealed.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch (error) {
    throw new SealBrokenError(`sealed frame under ${keyId} does not open: altered or not sealed with it`, {
      cause: error,
    });
  }
};

/**
 * Seals and opens records with per-case keys. It keeps no keys of its own: the store decides how long a key
 * may stay in memory (FileCaseKeyStore reads an entry again after 5 s), so there is one window after an
 * erasure, not two stacked.
 */
export class CaseSeal {
  constructor(readonly store: CaseKeyStore) {}

  /** Fetches the case's key first (async), so the wire's synchronous envelope hook can seal with it. */
  async sealerFor(caseId: string): Promise<(plain: Buffer) => Buffer> {
    const key = await this.store.keyFor(caseId);
    return (plain) => sealWith(key, plain);
  }

  /** Seals with a key of the case made for this one record, which can then be retired on its own. */
  async newSealerFor(caseId: string): Promise<{ keyId: string; seal: (plain: Buffer) => Buffer }> {
    const key = await this.store.newKeyFor(caseId);
    return { keyId: key.keyId, seal: (plain) => sealWith(key, plain) };
  }

  close(): Promise<void> {
    return this.store.close();
  }

  async open(sealed: Buffer): Promise<Buffer> {
    return openWith(await this.store.keyById(sealedKeyId(sealed)), sealed);
  }
}
