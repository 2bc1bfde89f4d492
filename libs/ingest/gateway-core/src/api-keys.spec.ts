import { loadDirectory } from '@ksb/directory';
import { ApiKeyStore, issueApiKey, revokeApiKeys, rotateApiKeys, type StoredApiKey } from './api-keys';

/** Cheap scrypt for tests; the CLI always issues with SCRYPT_COST. */
const CHEAP = { N: 2 ** 10, r: 8, p: 1 };
const directory = loadDirectory();
const at = (iso: string) => new Date(iso);

describe('API keys as salted scrypt hashes', () => {
  it('stores no key and no fast digest of it, and authenticates the key it issued', async () => {
    const { key, stored } = await issueApiKey('kpb-mettmann', at('2026-12-01T00:00Z'), CHEAP);
    expect(key).toMatch(/^ksb_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const secret = key.split('_').slice(2).join('_');
    expect(JSON.stringify(stored)).not.toContain(secret);
    const store = new ApiKeyStore([stored], directory);
    expect((await store.authenticate(key))?.id).toBe('kpb-mettmann');
    // The second use answers from memory, with the same result.
    expect((await store.authenticate(key))?.id).toBe('kpb-mettmann');
  });

  it('refuses a wrong secret, a malformed key and a key of an office outside the directory', async () => {
    const { key, stored } = await issueApiKey('kpb-mettmann', at('2026-12-01T00:00Z'), CHEAP);
    const store = new ApiKeyStore([stored], directory);
    const wrong = `${key.slice(0, -4)}AAAA`;
    expect(await store.authenticate(wrong)).toBeUndefined();
    await store.authenticate(key);
    expect(await store.authenticate(wrong)).toBeUndefined();
    expect(await store.authenticate('dev-kpb-mettmann')).toBeUndefined();
    expect(await store.authenticate(undefined)).toBeUndefined();
    expect(() => new ApiKeyStore([{ ...stored, officeId: 'ja-stadt-atlantis' }], directory)).toThrow(
      /ja-stadt-atlantis/,
    );
  });

  it('rotates with overlap: the old key works until the overlap ends, the new one from now', async () => {
    const start = at('2026-12-01T00:00Z');
    const first = await issueApiKey('ja-stadt-hilden', start, CHEAP);
    const rotated = await rotateApiKeys([first.stored], 'ja-stadt-hilden', start, 7 * 86_400_000, CHEAP);
    let now = at('2026-12-05T00:00Z');
    const store = new ApiKeyStore(rotated.keys, directory, () => now);
    expect((await store.authenticate(first.key))?.id).toBe('ja-stadt-hilden');
    expect((await store.authenticate(rotated.key))?.id).toBe('ja-stadt-hilden');
    now = at('2026-12-08T00:00:01Z');
    expect(await store.authenticate(first.key)).toBeUndefined();
    expect((await store.authenticate(rotated.key))?.id).toBe('ja-stadt-hilden');
  });

  it('revokes at once, one key or all of an office, and leaves other offices alone', async () => {
    const now = at('2026-12-01T00:00Z');
    const a = await issueApiKey('kpb-soest', now, CHEAP);
    const b = await issueApiKey('kpb-soest', now, CHEAP);
    const other = await issueApiKey('kpb-viersen', now, CHEAP);
    const keys: StoredApiKey[] = [a.stored, b.stored, other.stored];
    const one = revokeApiKeys(keys, 'kpb-soest', now, a.stored.keyId);
    expect(one.revoked).toBe(1);
    const store = new ApiKeyStore(one.keys, directory, () => now);
    expect(await store.authenticate(a.key)).toBeUndefined();
    expect((await store.authenticate(b.key))?.id).toBe('kpb-soest');
    const all = revokeApiKeys(one.keys, 'kpb-soest', now);
    expect(all.revoked).toBe(1);
    const after = new ApiKeyStore(all.keys, directory, () => now);
    expect(await after.authenticate(b.key)).toBeUndefined();
    expect((await after.authenticate(other.key))?.id).toBe('kpb-viersen');
  });
});
