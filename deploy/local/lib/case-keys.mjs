// The local stack's per-case key store (docs/adr/0023): a directory of wrapped data keys that router,
// redactor and audit writer share, and the key-encryption key that wraps them, made once with node:crypto and
// never committed. Deleting .stack deletes every key, and with it every sealed record's content.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runDir } from './paths.mjs';

const securityDir = join(runDir, 'security');
export const caseKeyDir = join(securityDir, 'case-keys');
export const caseKekFile = join(securityDir, 'case-kek.key');

/** Who holds the store: the services that seal or open content, the case eraser and the admin (broker tests). */
const HOLDERS = new Set([
  'ksb-gateway',
  'ksb-router',
  'ksb-redactor',
  'ksb-audit-writer',
  'ksb-delivery-api',
  'ksb-case-eraser',
  'ksb-admin',
]);

export const localCaseKeys = () => {
  mkdirSync(caseKeyDir, { recursive: true, mode: 0o700 });
  if (!existsSync(caseKekFile)) writeFileSync(caseKekFile, randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
};

export const caseKeyEnv = (principal) =>
  HOLDERS.has(principal) ? { KSB_CASE_KEY_DIR: caseKeyDir, KSB_CASE_KEK_FILE: caseKekFile } : {};
