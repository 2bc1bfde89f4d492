import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileCaseKeyStore, caseReference } from './file-case-key-store';
import { LocalKeyEncryptionKey } from './local-key-encryption-key';
import { CaseErasedError, CaseKeyUnknownError, SealBrokenError } from './case-keys.errors';

describe('FileCaseKeyStore', () => {
  let dir: string;
  const kek = new LocalKeyEncryptionKey(randomBytes(32));
  const store = () => new FileCaseKeyStore(dir, kek, () => new Date('2026-12-06T09:00:00Z'));
  const request = { erasedBy: 'ksb-dpo', reason: 'Löschung nach Abschluss', legalBasis: '§ 84 Abs. 2 SGB X' };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ksb-case-keys-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('makes a key on a case first use and hands out the same key after, also to another process', async () => {
    const first = await store().keyFor('case-a');
    expect(first.keyId).toBe(`${caseReference('case-a')}.1`);
    expect(first.key).toHaveLength(32);
    expect((await store().keyFor('case-a')).key).toEqual(first.key);
    expect((await store().keyById(first.keyId)).key).toEqual(first.key);
    expect((await store().keyFor('case-b')).key).not.toEqual(first.key);
  });

  it('gives two processes meeting a new case at once one key', async () => {
    const keys = await Promise.all(Array.from({ length: 8 }, () => store().keyFor('case-race')));
    expect(new Set(keys.map((k) => k.key.toString('hex'))).size).toBe(1);
  });

  it('keeps no case id in file names', async () => {
    await store().keyFor('KPB-ME-2026-4711');
    expect(readdirSync(join(dir, 'keys')).join()).not.toContain('4711');
  });

  it('destroys a case key on erase: it is refused with the date, other cases still open', async () => {
    const a = await store().keyFor('case-a');
    const b = await store().keyFor('case-b');
    const erasure = await store().erase('case-a', request);
    expect(erasure).toMatchObject({
      ...request,
      keyIds: [a.keyId],
      erasedAt: '2026-12-06T09:00:00.000Z',
      repeated: false,
    });
    await expect(store().keyById(a.keyId)).rejects.toThrow(CaseErasedError);
    await expect(store().keyById(a.keyId)).rejects.toThrow(/destroyed on 2026-12-06/);
    expect((await store().keyById(b.keyId)).key).toEqual(b.key);
    expect(readdirSync(join(dir, 'keys'))).toEqual([`${b.keyId}.json`]);
  });

  it('answers a second erase with the first, and a new event of the case gets a new generation', async () => {
    const a = await store().keyFor('case-a');
    await store().erase('case-a', request);
    const again = await store().erase('case-a', { ...request, reason: 'noch einmal' });
    expect(again).toMatchObject({ reason: request.reason, keyIds: [a.keyId], repeated: true });
    const next = await store().keyFor('case-a');
    expect(next.keyId).toBe(`${caseReference('case-a')}.2`);
    expect(next.key).not.toEqual(a.key);
    await expect(store().keyById(a.keyId)).rejects.toThrow(CaseErasedError);
  });

  it('records the erasure of a case it never held a key for, with no key ids', async () => {
    expect(await store().erase('never-seen', request)).toMatchObject({ keyIds: [], repeated: false });
  });

  it('refuses a key id it never held, and one that is no key id', async () => {
    await expect(store().keyById(`${caseReference('other')}.1`)).rejects.toThrow(CaseKeyUnknownError);
    await expect(store().keyById('../../etc/passwd')).rejects.toThrow(CaseKeyUnknownError);
  });

  it('refuses a key wrapped under another key-encryption key', async () => {
    const a = await store().keyFor('case-a');
    const other = new FileCaseKeyStore(dir, new LocalKeyEncryptionKey(randomBytes(32)));
    await expect(other.keyById(a.keyId)).rejects.toThrow(SealBrokenError);
  });
});
