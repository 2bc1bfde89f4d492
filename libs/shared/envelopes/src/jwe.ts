import {
  constants,
  createCipheriv,
  createDecipheriv,
  privateDecrypt,
  publicEncrypt,
  randomBytes,
  type KeyObject,
} from 'node:crypto';

/**
 * Content encrypted to an office's keys as a JWE in the general JSON serialization (RFC 7516 §7.2.1): the
 * content once under a fresh AES-256-GCM key (A256GCM), that key wrapped for each of the office's valid public
 * keys with RSA-OAEP-256. Several keys per office let a key rotate with an overlap: a delivery made during the
 * overlap opens with either. The algorithms are FIT-Connect's and what WebCrypto offers, so the inbox page can
 * decrypt in the browser with the caseworker's key. docs/adr/0023.
 */
export interface Jwe {
  /** BASE64URL(UTF-8(protected header)): {"enc":"A256GCM"} plus what the sender binds to the content. */
  readonly protected: string;
  readonly recipients: readonly {
    readonly header: { readonly alg: 'RSA-OAEP-256'; readonly kid: string };
    readonly encrypted_key: string;
  }[];
  readonly iv: string;
  readonly ciphertext: string;
  readonly tag: string;
}

/** A public key of the recipient office, as the directory lists it. */
export interface RecipientKey {
  readonly kid: string;
  readonly publicKey: KeyObject;
}

export class JweError extends Error {
  override readonly name = 'JweError';
  constructor(
    readonly code: 'NO_KEY_FOR_RECIPIENT' | 'NOT_DECRYPTABLE' | 'UNSUPPORTED_JWE',
    message: string,
  ) {
    super(message);
  }
}

const b64u = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/** A content key wrapped for an office's keys: made once and used for several deliveries (see ContentKeys). */
export interface WrappedContentKey {
  readonly cek: Buffer;
  readonly recipients: Jwe['recipients'];
}

export const wrapContentKey = (keys: readonly RecipientKey[]): WrappedContentKey => {
  if (keys.length === 0) throw new JweError('NO_KEY_FOR_RECIPIENT', 'the recipient has no encryption key');
  const cek = randomBytes(32);
  return {
    cek,
    recipients: keys.map((k) => ({
      header: { alg: 'RSA-OAEP-256', kid: k.kid },
      encrypted_key: b64u(
        publicEncrypt({ key: k.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, cek),
      ),
    })),
  };
};

/**
 * Content keys per office, each wrapped once and used for up to `maxUses` deliveries or `maxAgeMs`: the RSA
 * wrap is what encryption costs (78 µs of the redactor per delivery at 3072 bits), the AES-GCM under it almost
 * nothing. Every delivery still gets its own random IV, far below GCM's 2^32 messages per key; the key lives in
 * the redactor's memory for at most a minute instead of microseconds, and whoever can unwrap one delivery of an
 * office can unwrap them all anyway (docs/adr/0023).
 */
export class ContentKeys {
  private readonly byOffice = new Map<
    string,
    { wrapped: WrappedContentKey; kids: string; madeAt: number; uses: number }
  >();

  constructor(
    private readonly maxUses = 10_000,
    private readonly maxAgeMs = 60_000,
  ) {}

  for(office: string, keys: readonly RecipientKey[], now = Date.now()): WrappedContentKey {
    const kids = keys.map((k) => k.kid).join(',');
    const held = this.byOffice.get(office);
    if (held && held.kids === kids && held.uses < this.maxUses && now - held.madeAt < this.maxAgeMs) {
      held.uses++;
      return held.wrapped;
    }
    const wrapped = wrapContentKey(keys);
    this.byOffice.set(office, { wrapped, kids, madeAt: now, uses: 1 });
    return wrapped;
  }
}

/**
 * Encrypts `plaintext` to every key given (an office's keys valid today), or under a content key already
 * wrapped for them (ContentKeys). `bound` goes into the protected
 * header in clear and is authenticated with the content: the delivery's ids, so a ciphertext cannot be
 * presented as another delivery's.
 */
export const encryptToRecipients = (
  plaintext: Buffer,
  keys: readonly RecipientKey[] | WrappedContentKey,
  bound: Readonly<Record<string, string>> = {},
): Jwe => {
  const { cek, recipients } = 'cek' in keys ? keys : wrapContentKey(keys);
  const iv = randomBytes(12);
  const protectedHeader = b64u(JSON.stringify({ ...bound, enc: 'A256GCM' }));
  const cipher = createCipheriv('aes-256-gcm', cek, iv);
  // The AAD is the ASCII of the encoded protected header (RFC 7516 §5.1, step 14): what WebCrypto is given too.
  cipher.setAAD(Buffer.from(protectedHeader, 'ascii'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    protected: protectedHeader,
    recipients,
    iv: b64u(iv),
    ciphertext: b64u(ciphertext),
    tag: b64u(cipher.getAuthTag()),
  };
};

/** The protected header's fields (what `encryptToRecipients` bound to the content). */
export const protectedFields = (jwe: Jwe): Record<string, string> =>
  JSON.parse(Buffer.from(jwe.protected, 'base64url').toString('utf8')) as Record<string, string>;

/**
 * Opens a JWE with one private key of the office, found by its key id. Any failure — no entry for this key,
 * another office's key, a changed byte — is NOT_DECRYPTABLE, never partial plaintext.
 */
export const decryptWithKey = (jwe: Jwe, key: { readonly kid: string; readonly privateKey: KeyObject }): Buffer => {
  if (protectedFields(jwe).enc !== 'A256GCM') throw new JweError('UNSUPPORTED_JWE', 'only A256GCM content encryption');
  const entry = jwe.recipients.find((r) => r.header.kid === key.kid);
  if (!entry || entry.header.alg !== 'RSA-OAEP-256')
    throw new JweError('NOT_DECRYPTABLE', `not encrypted to key ${key.kid}`);
  try {
    const cek = privateDecrypt(
      { key: key.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      Buffer.from(entry.encrypted_key, 'base64url'),
    );
    const decipher = createDecipheriv('aes-256-gcm', cek, Buffer.from(jwe.iv, 'base64url'));
    decipher.setAAD(Buffer.from(jwe.protected, 'ascii'));
    decipher.setAuthTag(Buffer.from(jwe.tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(jwe.ciphertext, 'base64url')), decipher.final()]);
  } catch {
    throw new JweError('NOT_DECRYPTABLE', `key ${key.kid} does not open this content`);
  }
};
