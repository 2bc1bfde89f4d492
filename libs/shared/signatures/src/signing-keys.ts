import { createPublicKey, type KeyObject } from 'node:crypto';

/**
 * Whose signatures a key makes: an agency signs its own events; the gateway signs as the proxy of an agency
 * that authenticated over HTTP with its API key (and the delivery API for the answers offices give over HTTP);
 * the bridge signs what it delivers, and the status trail it hands to senders; the directory maintainer signs
 * each directory version. One purpose is no signature: an office's `encryption` keys, RSA, which deliveries
 * to it are encrypted to (ADR 0023), published with the others so they rotate the same way.
 */
export type KeyPurpose = 'agency' | 'gateway-proxy' | 'delivery' | 'status' | 'directory' | 'encryption';
export const KEY_PURPOSES: readonly KeyPurpose[] = [
  'agency',
  'gateway-proxy',
  'delivery',
  'status',
  'directory',
  'encryption',
];
/** BSI TR-02102-1 recommends RSA keys of at least 3000 bits for use beyond 2023; 3072 is the usual size. */
const MIN_ENCRYPTION_KEY_BITS = 3072;

/** One public key of the register: Ed25519 (RSA for encryption), SPKI DER in base64, valid on [validFrom, validTo). */
export interface SigningKey {
  readonly keyId: string;
  /** The office id for an agency key; the service (ksb-gateway, ksb-redactor) for the bridge's own keys. */
  readonly owner: string;
  readonly purpose: KeyPurpose;
  readonly publicKey: string;
  /** ISO dates: a rotation adds the next key with an overlap before the old one ends. */
  readonly validFrom: string;
  readonly validTo?: string;
}

export class KeyRegisterError extends Error {
  readonly code = 'KEY_REGISTER_INVALID';
}

const text = (entry: Record<string, unknown>, field: string, at: number): string => {
  const value = entry[field];
  if (typeof value !== 'string' || value.length === 0)
    throw new KeyRegisterError(`signing key ${at}: ${field} must be a non-empty string`);
  return value;
};

/** The register as JSON (an array of SigningKey), checked entry by entry: a broken key is refused by name. */
export const parseKeyRegister = (json: unknown): SigningKey[] => {
  if (!Array.isArray(json)) throw new KeyRegisterError('the signing key register must be a JSON array');
  const seen = new Set<string>();
  return json.map((raw, at) => {
    const entry = (raw ?? {}) as Record<string, unknown>;
    const keyId = text(entry, 'keyId', at);
    if (seen.has(keyId)) throw new KeyRegisterError(`signing key ${keyId} appears twice`);
    seen.add(keyId);
    const purpose = text(entry, 'purpose', at) as KeyPurpose;
    if (!KEY_PURPOSES.includes(purpose)) throw new KeyRegisterError(`signing key ${keyId}: unknown purpose ${purpose}`);
    const key: SigningKey = {
      keyId,
      owner: text(entry, 'owner', at),
      purpose,
      publicKey: text(entry, 'publicKey', at),
      validFrom: text(entry, 'validFrom', at),
      ...(typeof entry.validTo === 'string' ? { validTo: entry.validTo } : {}),
    };
    const object = publicKeyObject(key);
    if (purpose === 'encryption') {
      const bits = object.asymmetricKeyDetails?.modulusLength ?? 0;
      if (object.asymmetricKeyType !== 'rsa' || bits < MIN_ENCRYPTION_KEY_BITS)
        throw new KeyRegisterError(
          `encryption key ${keyId} is not an RSA key of ${MIN_ENCRYPTION_KEY_BITS} bits or more`,
        );
    } else if (object.asymmetricKeyType !== 'ed25519')
      throw new KeyRegisterError(`signing key ${keyId} is not an Ed25519 key`);
    return key;
  });
};

const objects = new Map<string, KeyObject>();
/** The key as node:crypto needs it; parsed once per key, since every event is checked against one. */
export const publicKeyObject = (key: SigningKey): KeyObject => {
  let object = objects.get(key.publicKey);
  if (!object) {
    object = createPublicKey({ key: Buffer.from(key.publicKey, 'base64'), format: 'der', type: 'spki' });
    objects.set(key.publicKey, object);
  }
  return object;
};

/** A register entry for a public key. */
export const registerEntry = (key: KeyObject, entry: Omit<SigningKey, 'publicKey'>): SigningKey => ({
  ...entry,
  publicKey: (key.type === 'public' ? key : createPublicKey(key))
    .export({ type: 'spki', format: 'der' })
    .toString('base64'),
});

/** Valid at `at` (inclusive from, exclusive to), compared as ISO timestamps. */
export const validAt = (key: SigningKey, at: Date): boolean => {
  const iso = at.toISOString();
  return key.validFrom <= iso && (key.validTo === undefined || iso < key.validTo);
};

/**
 * The keys a delivery to `owner` is encrypted to at `at`: every encryption key valid then, so during a
 * rotation's overlap the office opens it with either. None: the office gets its deliveries unencrypted, as
 * every office did before it registered a key (ADR 0023).
 */
export const encryptionKeysFor = (
  register: readonly SigningKey[],
  owner: string,
  at: Date,
): { readonly kid: string; readonly publicKey: KeyObject }[] =>
  register
    .filter((k) => k.purpose === 'encryption' && k.owner === owner && validAt(k, at))
    .map((k) => ({ kid: k.keyId, publicKey: publicKeyObject(k) }));
