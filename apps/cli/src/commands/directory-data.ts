import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIRECTORY_DATA_DIR } from '@ksb/directory';

/**
 * Every change to the directory data is a new version: today's date, counting up within the day. Writes the
 * manifest with the new version (and any other manifest fields given) and returns the version.
 */
export const bumpDirectoryVersion = (dataDir: string, today: Date, fields: Record<string, string> = {}): string => {
  const file = join(dataDir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { version: string };
  const day = today.toISOString().slice(0, 10);
  const [current, n] = manifest.version.split('.');
  const version = current === day ? `${day}.${Number(n) + 1}` : `${day}.1`;
  writeFileSync(file, `${JSON.stringify({ ...manifest, ...fields, version }, null, 2)}\n`);
  return version;
};

/**
 * `FILE [--data DIR]` of the directory import commands: the file to read and the data directory to change
 * (the shipped one unless --data says otherwise; tests and reviews use a copy).
 */
export const importArgs = (args: readonly string[]): { file?: string; dataDir?: string } => ({
  file: args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--data'),
  dataDir: args.includes('--data') ? args[args.indexOf('--data') + 1] : DIRECTORY_DATA_DIR,
});
