import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDirectory } from '@ksb/directory';
import { issueApiKey, revokeApiKeys, rotateApiKeys, type StoredApiKey } from '@ksb/gateway-core';

type Print = (line: string) => void;
const DAY_MS = 86_400_000;

const readKeys = (file: string): StoredApiKey[] =>
  existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as StoredApiKey[]) : [];

/** Written whole and renamed, so a gateway starting meanwhile reads the old file or the new, never half. */
const writeKeys = (file: string, keys: readonly StoredApiKey[]) => {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(`${file}.tmp`, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
};

const officeOf = (office: string | undefined): string => {
  if (!office) throw new Error('--office ID is required');
  const directory = loadDirectory();
  if (!directory.offices.has(office)) throw new Error(`office ${office} is not in directory ${directory.version}`);
  return office;
};

/**
 * `ksb keys create|rotate|revoke --office ID [--file F]` and `ksb keys dev --file F --keys-out F` (local
 * profile only): the gateway's API keys, stored as salted scrypt hashes. A new key is printed once and never
 * stored; the gateway reads the file at start.
 */
export const keys = async (action: string | undefined, argv: string[], print: Print): Promise<number> => {
  const { values } = parseArgs({
    args: argv,
    options: {
      office: { type: 'string' },
      file: { type: 'string' },
      'key-id': { type: 'string' },
      'overlap-days': { type: 'string' },
      'keys-out': { type: 'string' },
    },
  });
  const file = values.file ?? process.env.KSB_GATEWAY_API_KEYS_FILE;
  if (!file) throw new Error('--file F (or KSB_GATEWAY_API_KEYS_FILE) names the gateway key file');
  const now = new Date();
  const stored = readKeys(file);
  switch (action) {
    case 'create': {
      const issued = await issueApiKey(officeOf(values.office), now);
      writeKeys(file, [...stored, issued.stored]);
      print(`key ${issued.stored.keyId} for ${issued.stored.officeId} (shown once, store it now): ${issued.key}`);
      return 0;
    }
    case 'rotate': {
      const overlapDays = Number(values['overlap-days'] ?? 7);
      if (!(overlapDays >= 0)) throw new Error('--overlap-days must be a number of days');
      const rotated = await rotateApiKeys(stored, officeOf(values.office), now, overlapDays * DAY_MS);
      writeKeys(file, rotated.keys);
      print(`new key for ${values.office} (shown once): ${rotated.key}; older keys end in ${overlapDays} days`);
      return 0;
    }
    case 'revoke': {
      const result = revokeApiKeys(stored, officeOf(values.office), now, values['key-id']);
      writeKeys(file, result.keys);
      print(`revoked ${result.revoked} key(s) of ${values.office}`);
      return result.revoked > 0 ? 0 : 1;
    }
    case 'dev': {
      // The local profile: one key for every office of the directory that has none, written beside.
      const out = values['keys-out'];
      if (!out) throw new Error('--keys-out F names where the local keys are written');
      const plain: Record<string, string> = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : {};
      const have = new Set(stored.filter((k) => plain[k.officeId]).map((k) => k.officeId));
      const added: StoredApiKey[] = [];
      for (const office of loadDirectory().offices.keys()) {
        if (have.has(office)) continue;
        const issued = await issueApiKey(office, now);
        plain[office] = issued.key;
        added.push(issued.stored);
      }
      const kept = stored.filter((k) => have.has(k.officeId));
      writeKeys(file, [...kept, ...added]);
      writeFileSync(out, `${JSON.stringify(plain, null, 2)}\n`, { mode: 0o600 });
      print(`local API keys: ${Object.keys(plain).length} offices (${added.length} new) in ${out}`);
      return 0;
    }
    default:
      throw new Error(
        'usage: ksb keys create|rotate|revoke --office ID [--file F] | ksb keys dev --file F --keys-out F',
      );
  }
};
