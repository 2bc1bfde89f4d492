import { createHash, randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { Directory, Office } from '@ksb/directory';

/** scrypt's cost: 2^15 × 8 uses 32 MiB and some tens of ms per check, so a stolen key file is slow to attack. */
export interface ScryptCost {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}
export const SCRYPT_COST: ScryptCost = { N: 2 ** 15, r: 8, p: 1 };
const HASH_BYTES = 32;

/** One issued key as the gateway stores it: never the key, only a salted slow hash of its secret. */
export interface StoredApiKey {
  readonly keyId: string;
  readonly officeId: string;
  readonly salt: string;
  readonly scrypt: string;
  readonly cost: ScryptCost;
  readonly createdAt: string;
  /** A rotated key keeps working until then, so the agency can switch over without an outage. */
  readonly expiresAt?: string;
  readonly revokedAt?: string;
}

const KEY_PATTERN = /^ksb_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

const scrypt = (secret: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r };
    scryptCallback(secret, salt, HASH_BYTES, options, (error, hash) => (error ? reject(error) : resolve(hash)));
  });

/** A new key for an office: the key (shown once, to the agency) and what the gateway stores. */
export const issueApiKey = async (
  officeId: string,
  now: Date,
  cost: ScryptCost = SCRYPT_COST,
): Promise<{ key: string; stored: StoredApiKey }> => {
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  const salt = randomBytes(16);
  return {
    key: `ksb_${keyId}_${secret}`,
    stored: {
      keyId,
      officeId,
      salt: salt.toString('base64'),
      scrypt: (await scrypt(secret, salt, cost)).toString('base64'),
      cost,
      createdAt: now.toISOString(),
    },
  };
};

/** Whether a stored key may be used at `now`. */
export const isUsable = (k: StoredApiKey, now: Date): boolean =>
  !k.revokedAt && (!k.expiresAt || Date.parse(k.expiresAt) > now.getTime());

/**
 * Maps API keys to directory offices. The key names its entry (`ksb_<keyId>_<secret>`), so one scrypt per
 * first use of a key; after that a SHA-256 of the secret, kept only in memory, answers in microseconds.
 * Keys for offices that are not in the directory are refused at start-up.
 */
export class ApiKeyStore {
  private readonly byId = new Map<string, StoredApiKey>();
  private readonly verified = new Map<string, Buffer>();

  constructor(
    keys: readonly StoredApiKey[],
    private readonly directory: Directory,
    private readonly clock: () => Date = () => new Date(),
  ) {
    const unknown = keys.filter((k) => !directory.offices.has(k.officeId)).map((k) => k.officeId);
    if (unknown.length)
      throw new Error(
        `API keys for offices not in directory ${directory.version}: ${[...new Set(unknown)].join(', ')}`,
      );
    for (const k of keys) this.byId.set(k.keyId, k);
  }

  /** The office the key belongs to, or undefined (unknown, malformed, revoked or expired). */
  async authenticate(apiKey: string | undefined): Promise<Office | undefined> {
    const match = apiKey ? KEY_PATTERN.exec(apiKey) : null;
    if (!match) return undefined;
    const [, keyId, secret] = match;
    const stored = this.byId.get(keyId);
    if (!stored || !isUsable(stored, this.clock())) return undefined;
    const digest = createHash('sha256').update(secret).digest();
    const known = this.verified.get(keyId);
    if (known) return timingSafeEqual(known, digest) ? this.officeOf(stored) : undefined;
    const expected = Buffer.from(stored.scrypt, 'base64');
    const actual = await scrypt(secret, Buffer.from(stored.salt, 'base64'), stored.cost);
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return undefined;
    this.verified.set(keyId, digest);
    return this.officeOf(stored);
  }

  private officeOf(stored: StoredApiKey): Office | undefined {
    return this.directory.offices.get(stored.officeId);
  }
}

/** `ksb keys rotate`: a new key; the office's current keys stay usable for `overlapMs`, then expire. */
export const rotateApiKeys = async (
  keys: readonly StoredApiKey[],
  officeId: string,
  now: Date,
  overlapMs: number,
  cost: ScryptCost = SCRYPT_COST,
): Promise<{ key: string; keys: StoredApiKey[] }> => {
  const issued = await issueApiKey(officeId, now, cost);
  const until = new Date(now.getTime() + overlapMs).toISOString();
  const aged = keys.map((k) =>
    k.officeId === officeId && isUsable(k, now) && (!k.expiresAt || k.expiresAt > until)
      ? { ...k, expiresAt: until }
      : k,
  );
  return { key: issued.key, keys: [...aged, issued.stored] };
};

/** `ksb keys revoke`: the office's keys (or one of them) stop working at once. */
export const revokeApiKeys = (
  keys: readonly StoredApiKey[],
  officeId: string,
  now: Date,
  keyId?: string,
): { revoked: number; keys: StoredApiKey[] } => {
  let revoked = 0;
  const next = keys.map((k) => {
    if (k.officeId !== officeId || k.revokedAt || (keyId && k.keyId !== keyId)) return k;
    revoked++;
    return { ...k, revokedAt: now.toISOString() };
  });
  return { revoked, keys: next };
};
