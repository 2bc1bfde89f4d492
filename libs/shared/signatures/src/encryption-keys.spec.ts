import { generateKeyPairSync } from 'node:crypto';
import { encryptionKeysFor, parseKeyRegister, registerEntry, type SigningKey } from './signing-keys';

const rsa = (bits: number) => generateKeyPairSync('rsa', { modulusLength: bits }).publicKey;
const entry = (keyId: string, owner: string, validFrom: string, validTo?: string, bits = 3072): SigningKey =>
  registerEntry(rsa(bits), { keyId, owner, purpose: 'encryption', validFrom, ...(validTo ? { validTo } : {}) });

describe('encryption keys in the register', () => {
  const current = entry('ja-stadt-erkrath-enc-2026', 'ja-stadt-erkrath', '2026-01-01', '2027-01-15');
  const next = entry('ja-stadt-erkrath-enc-2027', 'ja-stadt-erkrath', '2026-12-15');
  const register = parseKeyRegister(JSON.parse(JSON.stringify([current, next])));

  it('gives an office every key valid on the day: both during a rotation’s overlap', () => {
    const kids = (at: string) => encryptionKeysFor(register, 'ja-stadt-erkrath', new Date(at)).map((k) => k.kid);
    expect(kids('2026-12-06')).toEqual(['ja-stadt-erkrath-enc-2026']);
    expect(kids('2026-12-20')).toEqual(['ja-stadt-erkrath-enc-2026', 'ja-stadt-erkrath-enc-2027']);
    expect(kids('2027-02-01')).toEqual(['ja-stadt-erkrath-enc-2027']);
    expect(encryptionKeysFor(register, 'ja-stadt-hilden', new Date('2026-12-20'))).toEqual([]);
  });

  it('refuses an encryption key that is not RSA of 3072 bits or more, and a signing key that is RSA', () => {
    expect(() => parseKeyRegister([entry('weak', 'ja-stadt-erkrath', '2026-01-01', undefined, 2048)])).toThrow(
      /encryption key weak is not an RSA key of 3072 bits/,
    );
    const rsaForSigning = { ...current, keyId: 'rsa-agency', purpose: 'agency' };
    expect(() => parseKeyRegister([rsaForSigning])).toThrow(/signing key rsa-agency is not an Ed25519 key/);
  });
});
