import { generateKeyPairSync } from 'node:crypto';
import { registerEntry } from '@ksb/signatures';
import { loadDirectory } from './load-directory';
import { toSnapshot } from './directory-snapshot';
import { checkSnapshot, signSnapshot } from './signed-snapshot';

const maintainer = generateKeyPairSync('ed25519');
const stranger = generateKeyPairSync('ed25519');
const trusted = [
  registerEntry(maintainer.publicKey, {
    keyId: 'directory-1',
    owner: 'ksb-directory-maintainer',
    purpose: 'directory',
    validFrom: '2026-01-01',
  }),
];
const now = new Date('2026-12-05T10:00:00Z');
const snapshot = toSnapshot(loadDirectory(), now);
const signed = signSnapshot(snapshot, { keyId: 'directory-1', privateKey: maintainer.privateKey });

describe('signed directory snapshots', () => {
  it('verifies a snapshot signed by a trusted maintainer key, whatever the order of its fields', () => {
    expect(checkSnapshot(signed, trusted, now)).toEqual({ ok: true, keyId: 'directory-1' });
    const reordered = Object.fromEntries(Object.entries(signed).reverse()) as typeof signed;
    expect(checkSnapshot(reordered, trusted, now).ok).toBe(true);
  });

  it.each([
    ['an unsigned snapshot', { ...snapshot }, 'DIRECTORY_UNSIGNED'],
    [
      'a re-pointed municipality',
      { ...signed, municipalities: signed.municipalities.map((m) => ({ ...m, jugendamtId: 'ja-stadt-haan' })) },
      'DIRECTORY_SIGNATURE_INVALID',
    ],
    [
      'an added agency key',
      {
        ...signed,
        signingKeys: [...signed.signingKeys, { ...trusted[0], keyId: 'evil', purpose: 'agency', validTo: null }],
      },
      'DIRECTORY_SIGNATURE_INVALID',
    ],
    [
      "a stranger's key",
      signSnapshot(snapshot, { keyId: 'directory-1', privateKey: stranger.privateKey }),
      'DIRECTORY_SIGNATURE_INVALID',
    ],
    [
      'a key the service does not trust',
      signSnapshot(snapshot, { keyId: 'directory-2', privateKey: maintainer.privateKey }),
      'DIRECTORY_KEY_NOT_TRUSTED',
    ],
  ])('refuses %s', (_, candidate, code) => {
    expect(checkSnapshot(candidate, trusted, now)).toMatchObject({ ok: false, code });
  });

  it('refuses a maintainer key outside its validity', () => {
    const expired = [{ ...trusted[0], validTo: '2026-06-01' }];
    expect(checkSnapshot(signed, expired, now)).toMatchObject({ ok: false, code: 'DIRECTORY_KEY_NOT_TRUSTED' });
  });
});
