// The local audit signing key: generated once per checkout into .stack/audit/, never committed. Production
// keys come from the operator's secret store (deploy/k8s), and the public key is published to auditors.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runDir } from './paths.mjs';

export const localAuditKeys = () => {
  const dir = join(runDir, 'audit');
  const privateKeyFile = join(dir, 'signing-key.pem');
  const publicKeyFile = join(dir, 'public-key.pem');
  if (!existsSync(privateKeyFile)) {
    mkdirSync(dir, { recursive: true });
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    writeFileSync(privateKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    writeFileSync(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }));
  }
  return { privateKeyFile, publicKeyFile };
};
