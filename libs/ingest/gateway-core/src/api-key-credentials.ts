import { createHash, timingSafeEqual } from 'node:crypto';
import type { Directory, Office } from '@ksb/directory';

/** One issued key: only its SHA-256 is stored, next to the office it belongs to. */
export interface ApiKeyCredential {
  readonly officeId: string;
  readonly keySha256: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/**
 * Maps API keys to directory offices. Keys for offices that are not in the directory are refused at
 * start-up: a credential must never name an office the router cannot address.
 */
export class ApiKeyCredentials {
  private readonly entries: { office: Office; digest: Buffer }[];

  constructor(credentials: readonly ApiKeyCredential[], directory: Directory) {
    const unknown = credentials.filter((c) => !directory.offices.has(c.officeId)).map((c) => c.officeId);
    if (unknown.length)
      throw new Error(`API keys for offices not in directory ${directory.version}: ${unknown.join(', ')}`);
    this.entries = credentials.map((c) => ({
      office: directory.offices.get(c.officeId) as Office,
      digest: Buffer.from(c.keySha256, 'hex'),
    }));
  }

  /** The office the key belongs to, or undefined. Compares digests in constant time. */
  authenticate(apiKey: string | undefined): Office | undefined {
    if (!apiKey) return undefined;
    const digest = sha256(apiKey);
    return this.entries.find((e) => e.digest.length === digest.length && timingSafeEqual(e.digest, digest))?.office;
  }

  static digestOf(apiKey: string): string {
    return sha256(apiKey).toString('hex');
  }
}
