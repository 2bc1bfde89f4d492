import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  directoryParts,
  InvalidDirectoryError,
  loadDirectory,
  mergeRegister,
  parseGv100ad,
  REGISTER_FILES,
  registerFiles,
  validateDirectory,
} from '@ksb/directory';

import { bumpDirectoryVersion, importArgs } from './directory-data';

type Print = (line: string) => void;

/** Destatis ships UTF-8 today; older editions are Windows-1252. A wrong guess would corrupt every umlaut. */
const decode = (bytes: Buffer): string => {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
};

/**
 * `ksb directory import GV100AD_FILE [--data DIR]`: loads the current Destatis municipality directory into
 * the register files and bumps the directory version. The result is checked like any directory before a
 * byte is written: an edition that drops a directory municipality is refused, not half-applied.
 */
export const directoryImport = async (args: string[], print: Print, today = new Date()): Promise<number> => {
  const { file, dataDir } = importArgs(args);
  if (!file || !dataDir) {
    print('usage: ksb directory import GV100AD_FILE [--data DIR]');
    return 2;
  }
  const current = loadDirectory(dataDir);
  const edition = parseGv100ad(decode(readFileSync(file)), `Destatis Gemeindeverzeichnis ${basename(file)}`);
  const asOf = edition.edition.replace('GV100AD ', '');
  const change = mergeRegister(current.register, edition, asOf);
  const gone = current.municipalities.filter((m) => change.ended.includes(m.ags));
  if (gone.length) {
    print(
      `✖ ${edition.edition} no longer lists directory municipalities: ${gone.map((m) => `${m.ags} ${m.name}`).join(', ')}`,
    );
    print('  reassign them in municipalities.csv (valid_to / a new row) first, then import again');
    return 1;
  }
  const files = registerFiles(change.register);
  try {
    validateDirectory({ ...directoryParts(current), register: change.register });
  } catch (error) {
    if (!(error instanceof InvalidDirectoryError)) throw error;
    print(error.message);
    return 1;
  }
  writeFileSync(join(dataDir, REGISTER_FILES.municipalities), files.municipalities);
  writeFileSync(join(dataDir, REGISTER_FILES.districts), files.districts);
  const version = bumpDirectoryVersion(dataDir, today, { registerEdition: edition.edition });
  print(
    `register ${edition.edition}: ${change.register.municipalities.size} NRW municipalities (${change.added.length} new, ${change.ended.length} ended, ${change.renamed.length} renamed), ${change.register.districts.size} districts; directory version ${version}`,
  );
  for (const ags of change.added) print(`  + ${ags} ${change.register.municipalities.get(ags)?.name}`);
  for (const ags of change.ended)
    print(`  − ${ags} ${change.register.municipalities.get(ags)?.name} (valid_to ${asOf})`);
  for (const ags of change.renamed) print(`  ~ ${ags} now ${change.register.municipalities.get(ags)?.name}`);
  return 0;
};
