import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { KeyEncryptionKey } from './case-key-store.port';
import { SealBrokenError } from './case-keys.errors';
import { freshRandom } from './random-pool';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The local stack's key-encryption key: 32 random bytes from a secret file, AES-256-GCM with the key id as
 * associated data. Whoever reads that file and the key directory can read every open case, which is why
 * production uses a KMS instead (ADR 0023).
 */
export class LocalKeyEncryptionKey implements KeyEncryptionKey {
  constructor(
    private readonly secret: Buffer,
    readonly id = 'local-kek-1',
  ) {
    if (secret.length !== 32) throw new Error(`a key-encryption key has 32 bytes, this one ${secret.length}`);
  }

  async wrap(dataKey: Buffer, context: string): Promise<Buffer> {
    const iv = freshRandom(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.secret, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]);
  }

  async unwrap(wrapped: Buffer, context: string): Promise<Buffer> {
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.secret, wrapped.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(wrapped.subarray(wrapped.length - TAG_BYTES));
      return Buffer.concat([decipher.update(wrapped.subarray(IV_BYTES, wrapped.length - TAG_BYTES)), decipher.final()]);
    } catch (error) {
      throw new SealBrokenError(`data key ${context} does not unwrap under ${this.id}`, { cause: error });
    }
  }
}
