// The local stack's signing keys, made on first start with node:crypto and never committed: one Ed25519 key
// per office of the directory (its agency key), one for the gateway as the agencies' proxy and one for the
// bridge's deliveries. `.stack/security/signing-keys.json` is the register of their public halves, which the
// directory carries (docs/adr/0014-signed-events-and-deliveries.md); private keys in signing/<owner>.pem.
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, runDir } from './paths.mjs';

// Beside the identities (security.mjs), which imports this module: not taken from there.
const securityDir = join(runDir, 'security');

export const signingRegisterFile = join(securityDir, 'signing-keys.json');
/** Every local private key by owner, for tools that send as several offices (ksb demo, tests). */
export const signingKeyRingFile = join(securityDir, 'signing', 'keyring.json');
export const signingKeyFile = (owner) => join(securityDir, 'signing', `${owner}.pem`);
export const signingKeyId = (owner) => `${owner}-local-1`;

const officeIds = () =>
  readFileSync(join(repoRoot, 'libs', 'directory', 'data', 'offices.csv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => line.split(',')[0]);

/** Makes the keys that are missing (a new office gets its key on the next start) and writes the register. */
export const localSigningKeys = () => {
  mkdirSync(join(securityDir, 'signing'), { recursive: true, mode: 0o700 });
  const owners = [
    ...officeIds().map((id) => ({ owner: id, purpose: 'agency' })),
    { owner: 'ksb-gateway', purpose: 'gateway-proxy' },
    // Offices' answers (pickup, accept, reject) made over the delivery API: signed for them like the gateway's.
    { owner: 'ksb-delivery-api', purpose: 'gateway-proxy' },
    // The senders' status trails (Security Event Tokens): the bridge's word on each step of a case.
    { owner: 'ksb-status-trail', purpose: 'status' },
    { owner: 'ksb-redactor', purpose: 'delivery' },
    // Signs each directory version (ksb directory publish); routers and redactors switch only to signed ones.
    { owner: 'ksb-directory-maintainer', purpose: 'directory' },
  ];
  const register = owners.map(({ owner, purpose }) => {
    const file = signingKeyFile(owner);
    if (!existsSync(file)) {
      const { privateKey } = generateKeyPairSync('ed25519');
      writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    }
    const publicKey = createPublicKey(readFileSync(file)).export({ type: 'spki', format: 'der' }).toString('base64');
    return { keyId: signingKeyId(owner), owner, purpose, publicKey, validFrom: '2026-01-01' };
  });
  writeFileSync(signingRegisterFile, JSON.stringify(register, null, 2) + '\n', { mode: 0o644 });
  const ring = owners.map(({ owner }) => ({ owner, keyId: signingKeyId(owner), file: signingKeyFile(owner) }));
  writeFileSync(signingKeyRingFile, JSON.stringify(ring, null, 2) + '\n', { mode: 0o600 });
  return register;
};

/** What a principal's environment needs to check and make signatures. */
export const signingEnv = (principal) => {
  const own = (owner, prefix) => ({
    [`${prefix}_SIGNING_KEY_FILE`]: signingKeyFile(owner),
    [`${prefix}_SIGNING_KEY_ID`]: signingKeyId(owner),
  });
  return {
    KSB_SIGNING_KEYS_FILE: signingRegisterFile,
    ...(principal === 'ksb-admin' ? { KSB_SIGNING_KEYRING_FILE: signingKeyRingFile } : {}),
    ...(principal === 'ksb-gateway' ? own('ksb-gateway', 'KSB_GATEWAY') : {}),
    ...(principal === 'ksb-redactor' ? own('ksb-redactor', 'KSB_REDACTOR') : {}),
    ...(principal === 'ksb-directory-publisher' || principal === 'ksb-admin'
      ? own('ksb-directory-maintainer', 'KSB_DIRECTORY')
      : {}),
    ...(principal === 'ksb-delivery-api'
      ? { ...own('ksb-delivery-api', 'KSB_DELIVERY_API'), ...own('ksb-status-trail', 'KSB_STATUS') }
      : {}),
    ...(principal.startsWith('office-') ? own(principal.slice('office-'.length), 'KSB_AGENCY') : {}),
  };
};
