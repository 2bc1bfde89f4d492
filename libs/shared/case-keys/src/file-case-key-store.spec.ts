import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { FileCaseKeyStore, caseReference } from './file-case-key-store';
import { LocalKeyEncryptionKey } from './local-key-encryption-key';
import { CaseErasedError, CaseKeyRetiredError, CaseKeyUnknownError, SealBrokenError } from './case-keys.errors';

/** What every open file handle reads with, taken from one. */
let FileHandlePrototype: { read: (...args: unknown[]) => Promise<unknown> };
beforeAll(async () => {
  const handle = await open(__filename, 'r');
  FileHandlePrototype = Object.getPrototypeOf(handle) as typeof FileHandlePrototype;
  await handle.close();
});

/**
 * Holds back the answer of the next read of an open key log, its bytes already read, until released: the file
 * handle's read, as a reader's re-read does it (reading a whole file by path, as an erasure does, does not).
 */
const holdNextRead = () => {
  let release: () => void = () => undefined;
  let started: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const reached = new Promise<void>((resolve) => (started = resolve));
  const original = FileHandlePrototype.read;
  const spy = jest.spyOn(FileHandlePrototype, 'read').mockImplementationOnce(async function (this: unknown, ...args) {
    const read = await original.apply(this, args);
    started();
    await gate;
    return read;
  });
  return { started: reached, release: () => (release(), spy.mockRestore()) };
};

describe('FileCaseKeyStore', () => {
  let dir: string;
  const kek = new LocalKeyEncryptionKey(randomBytes(32));
  const opened: FileCaseKeyStore[] = [];
  const kept = (store: FileCaseKeyStore) => (opened.push(store), store);
  const store = () => kept(new FileCaseKeyStore(dir, kek, () => new Date('2026-12-06T09:00:00Z')));
  const request = { erasedBy: 'ksb-dpo', reason: 'Löschung nach Abschluss', legalBasis: '§ 84 Abs. 2 SGB X' };
  const logs = () => readdirSync(join(dir, 'logs'));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ksb-case-keys-'));
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('makes a key on a case first use and hands out the same key after; another process opens it by id', async () => {
    const router = store();
    const first = await router.keyFor('case-a');
    expect(first.keyId.startsWith(`${caseReference('case-a')}.`)).toBe(true);
    expect(first.key).toHaveLength(32);
    expect((await router.keyFor('case-a')).key).toEqual(first.key);
    expect((await store().keyById(first.keyId)).key).toEqual(first.key);
    expect((await router.keyFor('case-b')).key).not.toEqual(first.key);
  });

  it('makes a new key on each newKeyFor, apart from the case key it hands out, and erases them with the case', async () => {
    const gateway = store();
    const shared = await gateway.keyFor('case-a');
    const [first, second] = await Promise.all([gateway.newKeyFor('case-a'), gateway.newKeyFor('case-a')]);
    expect(new Set([shared.keyId, first.keyId, second.keyId]).size).toBe(3);
    expect(first.key).not.toEqual(second.key);
    expect((await gateway.keyFor('case-a')).keyId).toBe(shared.keyId);
    const erasure = await store().erase('case-a', request);
    expect([...erasure.keyIds].sort()).toEqual([shared.keyId, first.keyId, second.keyId].sort());
    await expect(store().keyById(second.keyId)).rejects.toThrow(CaseErasedError);
  });

  it('retires single keys without erasing their case: those records no longer open, the case goes on', async () => {
    const redactor = store();
    const [delivery1, delivery2] = [await redactor.newKeyFor('case-a'), await redactor.newKeyFor('case-a')];
    const routed = await redactor.keyFor('case-a');
    expect(await store().retire([delivery1.keyId, 'not-a-key-id', delivery1.keyId])).toEqual([delivery1.keyId]);
    await expect(store().keyById(delivery1.keyId)).rejects.toThrow(CaseKeyRetiredError);
    expect((await store().keyById(delivery2.keyId)).key).toEqual(delivery2.key);
    expect((await store().keyById(routed.keyId)).key).toEqual(routed.key);
    expect(await store().retire([delivery1.keyId])).toEqual([]);
    // An erasure afterwards still finds the case's live keys and records them; the retired one is gone already.
    const erasure = await store().erase('case-a', request);
    expect([...erasure.keyIds].sort()).toEqual([delivery2.keyId, routed.keyId].sort());
    await expect(store().keyById(delivery2.keyId)).rejects.toThrow(CaseErasedError);
  });

  it('writes the keys of many new cases at once in one log, one key per case', async () => {
    const router = store();
    const cases = Array.from({ length: 50 }, (_, i) => `case-${i % 25}`);
    const keys = await Promise.all(cases.map((c) => router.keyFor(c)));
    expect(new Set(keys.map((k) => k.keyId)).size).toBe(25);
    expect(logs()).toHaveLength(1);
    expect(readFileSync(join(dir, 'logs', logs()[0])).length).toBe(25 * 128);
  });

  it('keeps no case id in the files', async () => {
    await store().keyFor('KPB-ME-2026-4711');
    expect(readFileSync(join(dir, 'logs', logs()[0]), 'utf8')).not.toContain('4711');
  });

  it('destroys every key of a case on erase, made by any process: refused with the date, other cases open', async () => {
    const [router1, router2] = [store(), store()];
    const a1 = await router1.keyFor('case-a');
    const a2 = await router2.keyFor('case-a');
    const b = await router1.keyFor('case-b');
    expect(a2.keyId).not.toBe(a1.keyId);
    const erasure = await store().erase('case-a', request);
    expect(erasure).toMatchObject({ ...request, erasedAt: '2026-12-06T09:00:00.000Z', repeated: false });
    expect([...erasure.keyIds].sort()).toEqual([a1.keyId, a2.keyId].sort());
    for (const key of [a1, a2]) await expect(store().keyById(key.keyId)).rejects.toThrow(/destroyed on 2026-12-06/);
    await expect(store().keyById(a1.keyId)).rejects.toThrow(CaseErasedError);
    expect((await store().keyById(b.keyId)).key).toEqual(b.key);
  });

  it('lets a reader find keys appended to a log after it first read it, and see an erasure within the recheck', async () => {
    let now = Date.parse('2026-12-06T09:00:00Z');
    const router = store();
    const redactor = kept(new FileCaseKeyStore(dir, kek, () => new Date(now), 5_000));
    const first = await router.keyFor('case-1');
    expect((await redactor.keyById(first.keyId)).key).toEqual(first.key);
    const later = await router.keyFor('case-2');
    expect((await redactor.keyById(later.keyId)).key).toEqual(later.key);
    await store().erase('case-1', request);
    expect((await redactor.keyById(first.keyId)).key).toEqual(first.key);
    now += 5_001;
    await expect(redactor.keyById(first.keyId)).rejects.toThrow(CaseErasedError);
    expect((await redactor.keyById(later.keyId)).key).toEqual(later.key);
  });

  it('sees an erasure elsewhere in a key read again with its neighbours, once its recheck is due', async () => {
    // Entries due for their recheck are read again a block at a time: a neighbour's lookup must not stamp an
    // erased key as freshly read while keeping its old, live bytes.
    let now = Date.parse('2026-12-06T09:00:00Z');
    const router = store();
    const redactor = kept(new FileCaseKeyStore(dir, kek, () => new Date(now), 5_000));
    const keys = await Promise.all(['case-1', 'case-2', 'case-3'].map((c) => router.keyFor(c)));
    await Promise.all(keys.map((k) => redactor.keyById(k.keyId)));
    await store().erase('case-3', request);
    now += 5_001;
    const again = await Promise.all(keys.slice(0, 2).map((k) => redactor.keyById(k.keyId)));
    expect(again.map((k) => k.key)).toEqual(keys.slice(0, 2).map((k) => k.key));
    await expect(redactor.keyById(keys[2].keyId)).rejects.toThrow(CaseErasedError);
  });

  it('hands out no key erased in this process while a read of its entry begun before the erasure was under way', async () => {
    // The delivery API erases a case while a lookup re-reads the block of the case's key: that read, begun
    // before the key was overwritten, would bring back its live bytes stamped as just read, and hand the
    // erased key to every lookup (and to one that joined the read after the erasure) for the next 5 s.
    let now = Date.parse('2026-12-06T09:00:00Z');
    const router = store();
    const api = kept(new FileCaseKeyStore(dir, kek, () => new Date(now), 5_000));
    const key = await router.keyFor('case-1');
    await api.keyById(key.keyId);
    now += 5_001;
    const held = holdNextRead();
    const before = api.keyById(key.keyId).then(
      () => 'opened',
      (error: Error) => error.name,
    );
    await held.started;
    await api.erase('case-1', request);
    const after = api.keyById(key.keyId).then(
      () => 'opened',
      (error: Error) => error.name,
    );
    held.release();
    expect(await after).toBe(CaseErasedError.name);
    expect(await before).toBe(CaseErasedError.name);
    await expect(api.keyById(key.keyId)).rejects.toThrow(CaseErasedError);
  });

  it('finishes a lookup on a log it reads on while more than 64 other logs push that log out', async () => {
    // A delivery API opening old deliveries reads keys from many logs; the 65th log opened closes the oldest
    // reader. Closed at once, a read-on under way on it failed at its next chunk ("bad file descriptor").
    const busy = store();
    const first = await busy.keyFor('case-0');
    const api = store();
    await api.keyById(first.keyId);
    const appended = await Promise.all(Array.from({ length: 20_000 }, (_, i) => busy.keyFor(`case-0-${i}`)));
    const others = await Promise.all(Array.from({ length: 64 }, (_, i) => store().keyFor(`other-${i}`)));
    const last = appended[appended.length - 1];
    const [found] = await Promise.all([api.keyById(last.keyId), ...others.map((k) => api.keyById(k.keyId))]);
    expect(found.key).toEqual(last.key);
  }, 30_000);

  it('reads on once for lookups at the same time: a key appended later is still found where it is', async () => {
    // A delivery API opens several offices' deliveries at once. Each lookup past what a reader had read used to
    // read on and append what it found, so entries were taken in twice and a later key id pointed at another
    // case's entry: "not in this store", and the delivery was skipped for good.
    const redactor = store();
    const api = store();
    const first = await redactor.keyFor('case-a');
    await api.keyById(first.keyId);
    const more = await Promise.all(['case-b', 'case-c', 'case-d'].map((c) => redactor.keyFor(c)));
    const opened = await Promise.all(more.map((k) => api.keyById(k.keyId)));
    expect(opened.map((k) => k.key)).toEqual(more.map((k) => k.key));
    const late = await redactor.keyFor('case-e');
    expect((await api.keyById(late.keyId)).key).toEqual(late.key);
  });

  it('opens a log once for lookups at the same time, not one handle per lookup left unclosed', async () => {
    // The handles this process holds on key logs of this test's directory (Linux, as CI).
    const logHandles = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`).startsWith(join(dir, 'logs'));
        } catch {
          return false;
        }
      }).length;
    const redactor = store();
    const keys = await Promise.all(['case-a', 'case-b', 'case-c'].map((c) => redactor.keyFor(c)));
    const writing = logHandles();
    const api = store();
    const opened = await Promise.all(keys.map((k) => api.keyById(k.keyId)));
    expect(opened.map((k) => k.key)).toEqual(keys.map((k) => k.key));
    expect(logHandles()).toBe(writing + 1);
  });

  it('gives a case erased elsewhere a new key once the process checks again', async () => {
    let now = Date.parse('2026-12-06T09:00:00Z');
    const router = kept(new FileCaseKeyStore(dir, kek, () => new Date(now), 5_000));
    const before = await router.keyFor('case-a');
    await store().erase('case-a', request);
    expect((await router.keyFor('case-a')).keyId).toBe(before.keyId);
    now += 5_001;
    const after = await router.keyFor('case-a');
    expect(after.keyId).not.toBe(before.keyId);
    expect((await store().keyById(after.keyId)).key).toEqual(after.key);
  });

  it('answers a second erase with the first, and a new event of the case gets a new key', async () => {
    const router = store();
    const a = await router.keyFor('case-a');
    await router.erase('case-a', request);
    const again = await store().erase('case-a', { ...request, reason: 'noch einmal' });
    expect(again).toMatchObject({ reason: request.reason, keyIds: [a.keyId], repeated: true });
    const next = await router.keyFor('case-a');
    expect(next.keyId).not.toBe(a.keyId);
    await expect(store().keyById(a.keyId)).rejects.toThrow(CaseErasedError);
  });

  it('records the erasure of a case it never held a key for, with no key ids', async () => {
    expect(await store().erase('never-seen', request)).toMatchObject({ keyIds: [], repeated: false });
  });

  it('refuses a key id it never held, and one that is no key id', async () => {
    await expect(store().keyById(`${caseReference('other')}.mxbm2000dab1d462.0`)).rejects.toThrow(CaseKeyUnknownError);
    const a = await store().keyFor('case-a');
    await expect(store().keyById(a.keyId.replace(caseReference('case-a'), caseReference('case-b')))).rejects.toThrow(
      CaseKeyUnknownError,
    );
    await expect(store().keyById('../../etc/passwd')).rejects.toThrow(CaseKeyUnknownError);
  });

  it('refuses a key wrapped under another key-encryption key', async () => {
    const a = await store().keyFor('case-a');
    const other = kept(new FileCaseKeyStore(dir, new LocalKeyEncryptionKey(randomBytes(32))));
    await expect(other.keyById(a.keyId)).rejects.toThrow(SealBrokenError);
  });

  it('expires whole logs last written before a date: their keys are gone', async () => {
    const old = await store().keyFor('case-old');
    const oldLog = logs()[0];
    utimesSync(join(dir, 'logs', oldLog), new Date('2026-10-01'), new Date('2026-10-01'));
    const fresh = await store().keyFor('case-new');
    expect(await store().expire(new Date('2026-11-06'))).toEqual([oldLog]);
    await expect(store().keyById(old.keyId)).rejects.toThrow(CaseKeyUnknownError);
    expect((await store().keyById(fresh.keyId)).key).toEqual(fresh.key);
  });
});
