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

  it('seals per case; an erasure by another process shows within the store recheck time', async () => {
    const kek = new LocalKeyEncryptionKey(randomBytes(32));
    const clock = () => new Date(now);
    const seal = new CaseSeal(new FileCaseKeyStore(dir, kek, clock));
    const eraser = new FileCaseKeyStore(dir, kek, clock);
    const a = (await seal.sealerFor('case-a'))(confluentFrame);
    const b = (await seal.sealerFor('case-b'))(confluentFrame);
    expect(await seal.open(a)).toEqual(confluentFrame);
    await eraser.erase('case-a', request);
    now = 5_000;
    await expect(seal.open(a)).rejects.toThrow(CaseErasedError);
    expect(await seal.open(b)).toEqual(confluentFrame);
    await eraser.close();
    await seal.close();
  });
});
