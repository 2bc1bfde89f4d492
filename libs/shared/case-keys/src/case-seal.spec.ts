import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaseSeal, isSealed, openWith, sealWith, sealedKeyId } from './case-seal';
import { FileCaseKeyStore } from './file-case-key-store';
import { LocalKeyEncryptionKey } from './local-key-encryption-key';
import { CaseErasedError, SealBrokenError } from './case-keys.errors';

const key = { keyId: 'a'.repeat(32) + '.1', key: randomBytes(32) };
const confluentFrame = Buffer.concat([Buffer.from([0, 0, 0, 0, 7]), Buffer.from('Kind in Gefahr, Hilden')]);

describe('the sealed frame', () => {
  it('opens to the framed record it sealed, and hides its text', () => {
    const sealed = sealWith(key, confluentFrame);
    expect(isSealed(sealed)).toBe(true);
    expect(isSealed(confluentFrame)).toBe(false);
    expect(sealed.toString('latin1')).not.toContain('Hilden');
    expect(sealedKeyId(sealed)).toBe(key.keyId);
    expect(openWith(key, sealed)).toEqual(confluentFrame);
  });

  it('refuses altered bytes, another key id in the header, and another key', () => {
    const sealed = sealWith(key, confluentFrame);
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 20] ^= 1;
    expect(() => openWith(key, flipped)).toThrow(SealBrokenError);
    const renamed = Buffer.from(sealed);
    renamed[7] = 'b'.charCodeAt(0);
    expect(() => openWith({ ...key, keyId: sealedKeyId(renamed) }, renamed)).toThrow(SealBrokenError);
    expect(() => openWith({ ...key, key: randomBytes(32) }, sealed)).toThrow(SealBrokenError);
    expect(() => openWith(key, sealed.subarray(0, 50))).toThrow(SealBrokenError);
  });
});

describe('CaseSeal', () => {
  let dir: string;
  let now = 0;
  const request = { erasedBy: 'ksb-dpo', reason: 'Widerspruch', legalBasis: 'Art. 17 DSGVO' };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ksb-case-seal-'));
    now = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('seals per case; after an erasure and the cache time the case no longer opens, another does', async () => {
    const store = new FileCaseKeyStore(dir, new LocalKeyEncryptionKey(randomBytes(32)));
    const seal = new CaseSeal(store, 5_000, () => now);
    const a = (await seal.sealerFor('case-a'))(confluentFrame);
    const b = (await seal.sealerFor('case-b'))(confluentFrame);
    expect(await seal.open(a)).toEqual(confluentFrame);
    await store.erase('case-a', request);
    now = 5_001;
    await expect(seal.open(a)).rejects.toThrow(CaseErasedError);
    expect(await seal.open(b)).toEqual(confluentFrame);
    await seal.close();
  });
});
