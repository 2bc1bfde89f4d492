import { generateKeyPairSync, webcrypto, type KeyObject } from 'node:crypto';
import { ContentKeys, decryptWithKey, encryptToRecipients, JweError, protectedFields, type Jwe } from './jwe';

const officeKey = (kid: string) => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
  return { kid, publicKey, privateKey };
};
const hilden = officeKey('ja-stadt-hilden-2026-1');
const hildenNext = officeKey('ja-stadt-hilden-2027-1');
const erkrath = officeKey('ja-stadt-erkrath-2026-1');
const view = Buffer.from(JSON.stringify({ child: { givenName: 'Mia' }, category: 'NEGLECT' }));

const failure = (open: () => unknown) => {
  try {
    open();
    return 'opened';
  } catch (error) {
    return error instanceof JweError ? error.code : String(error);
  }
};

/** What the inbox page does in the browser: WebCrypto only, with the private key the caseworker loaded. */
const openInBrowser = async (jwe: Jwe, kid: string, privateKey: KeyObject): Promise<Buffer> => {
  const { subtle } = webcrypto;
  const jwk = privateKey.export({ format: 'jwk' });
  const unwrapping = await subtle.importKey('jwk', jwk, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['decrypt']);
  const entry = jwe.recipients.find((r) => r.header.kid === kid);
  if (!entry) throw new Error(`no entry for ${kid}`);
  const cek = await subtle.decrypt({ name: 'RSA-OAEP' }, unwrapping, Buffer.from(entry.encrypted_key, 'base64url'));
  const contentKey = await subtle.importKey('raw', cek, { name: 'AES-GCM' }, false, ['decrypt']);
  const sealed = Buffer.concat([Buffer.from(jwe.ciphertext, 'base64url'), Buffer.from(jwe.tag, 'base64url')]);
  const plain = await subtle.decrypt(
    { name: 'AES-GCM', iv: Buffer.from(jwe.iv, 'base64url'), additionalData: Buffer.from(jwe.protected, 'ascii') },
    contentKey,
    sealed,
  );
  return Buffer.from(plain);
};

describe('JWE to an office (RSA-OAEP-256, A256GCM)', () => {
  it('opens with the office’s own key and not with another office’s', () => {
    const jwe = encryptToRecipients(view, [hilden], { deliveryId: 'd-1' });
    expect(decryptWithKey(jwe, hilden)).toEqual(view);
    expect(failure(() => decryptWithKey(jwe, erkrath))).toBe('NOT_DECRYPTABLE');
    // Even an entry relabelled with the other office's key id does not open.
    const relabelled = {
      ...jwe,
      recipients: [{ ...jwe.recipients[0], header: { alg: 'RSA-OAEP-256' as const, kid: erkrath.kid } }],
    };
    expect(failure(() => decryptWithKey(relabelled, erkrath))).toBe('NOT_DECRYPTABLE');
    expect(Buffer.from(jwe.ciphertext, 'base64url').includes('Mia')).toBe(false);
  });

  it('opens with either key during a rotation’s overlap', () => {
    const jwe = encryptToRecipients(view, [hilden, hildenNext]);
    expect([decryptWithKey(jwe, hilden), decryptWithKey(jwe, hildenNext)]).toEqual([view, view]);
  });

  it('binds the delivery’s ids: a changed header or byte does not open', () => {
    const jwe = encryptToRecipients(view, [hilden], { deliveryId: 'd-1' });
    expect(protectedFields(jwe)).toEqual({ deliveryId: 'd-1', enc: 'A256GCM' });
    const moved = {
      ...jwe,
      protected: Buffer.from(JSON.stringify({ deliveryId: 'd-2', enc: 'A256GCM' })).toString('base64url'),
    };
    expect(failure(() => decryptWithKey(moved, hilden))).toBe('NOT_DECRYPTABLE');
    const bytes = Buffer.from(jwe.ciphertext, 'base64url');
    bytes[0] ^= 1;
    expect(failure(() => decryptWithKey({ ...jwe, ciphertext: bytes.toString('base64url') }, hilden))).toBe(
      'NOT_DECRYPTABLE',
    );
  });

  it('wraps an office’s content key once for many deliveries, each with its own IV, and anew for new keys', () => {
    const keys = new ContentKeys(3, 60_000);
    const first = keys.for('ja-stadt-hilden', [hilden], 0);
    const jwes = [first, keys.for('ja-stadt-hilden', [hilden], 1)].map((k) => encryptToRecipients(view, k));
    expect(jwes[0].recipients).toEqual(jwes[1].recipients);
    expect(jwes[0].iv).not.toBe(jwes[1].iv);
    expect(jwes.map((j) => decryptWithKey(j, hilden))).toEqual([view, view]);
    expect(keys.for('ja-stadt-hilden', [hilden], 2)).toBe(first);
    const second = keys.for('ja-stadt-hilden', [hilden], 3);
    expect(second).not.toBe(first); // the first was used three times
    expect(keys.for('ja-stadt-hilden', [hilden], 4)).toBe(second);
    expect(keys.for('ja-stadt-hilden', [hilden], 60_003)).not.toBe(second); // a minute old
    const rotated = keys.for('ja-stadt-hilden', [hilden, hildenNext], 60_005);
    expect(rotated.recipients.map((r) => r.header.kid)).toEqual([hilden.kid, hildenNext.kid]);
    expect(keys.for('ja-stadt-erkrath', [erkrath], 60_006)).not.toBe(rotated);
  });

  it('refuses to encrypt to an office without a key', () => {
    expect(failure(() => encryptToRecipients(view, []))).toBe('NO_KEY_FOR_RECIPIENT');
  });

  it('opens in a browser with WebCrypto alone, as the inbox page will', async () => {
    const jwe = encryptToRecipients(view, [hildenNext, hilden], { deliveryId: 'd-1' });
    expect(await openInBrowser(jwe, hilden.kid, hilden.privateKey)).toEqual(view);
    await expect(openInBrowser(jwe, hilden.kid, erkrath.privateKey)).rejects.toThrow();
  });
});
