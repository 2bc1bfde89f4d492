import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fresh Ed25519 key pair for one test's audit writer, its private half in a PEM file as in production.
 * Called in a describe block, the file is removed after the block's tests; a caller outside one (the fault
 * harness) passes 'caller' and removes `dir` itself.
 */
export const auditKeys = (
  cleanup: 'after-all' | 'caller' = 'after-all',
): { publicKey: KeyObject; privateKeyFile: string; dir: string } => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const dir = mkdtempSync(join(tmpdir(), 'ksb-audit-'));
  const privateKeyFile = join(dir, 'signing-key.pem');
  writeFileSync(privateKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  if (cleanup === 'after-all') afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return { publicKey, privateKeyFile, dir };
};
