import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  contactsCsv,
  directoryParts,
  InvalidDirectoryError,
  parseDirectory,
  readDirectoryFiles,
  validateDirectory,
} from '@ksb/directory';
import { bumpDirectoryVersion, importArgs } from './directory-data';

type Print = (line: string) => void;

/**
 * `ksb directory contacts import FILE.csv [--data DIR]`: an office's contact persons (contacts.csv columns)
 * into the contact register. An entry with a known entry_id replaces the old one; end an entry with
 * valid_to rather than dropping it. The whole directory is checked before anything is written, so one bad
 * row (no phone and no e-mail, an unknown topic or office) refuses the file and says which row.
 */
export const contactsImport = async (args: string[], print: Print, today = new Date()): Promise<number> => {
  const { file, dataDir } = importArgs(args);
  if (!file || !dataDir) {
    print('usage: ksb directory contacts import FILE.csv [--data DIR]');
    return 2;
  }
  const files = readDirectoryFiles(dataDir);
  const current = parseDirectory(files);
  let incoming;
  try {
    // Parsed with the directory's own files, so the offices and the topic code list are the ones in force.
    incoming = parseDirectory({ ...files, contacts: readFileSync(file, 'utf8') }).contacts;
  } catch (error) {
    if (!(error instanceof InvalidDirectoryError)) throw error;
    print(`✖ ${file} refused:\n${error.problems.map((p) => `  - ${p}`).join('\n')}`);
    return 1;
  }
  const byId = new Map(current.contacts.map((c) => [c.entryId, c]));
  const replaced = incoming.filter((c) => byId.has(c.entryId)).length;
  for (const contact of incoming) byId.set(contact.entryId, contact);
  const merged = validateDirectory({ ...directoryParts(current), contacts: [...byId.values()] });
  writeFileSync(join(dataDir, 'contacts.csv'), contactsCsv(merged.contacts));
  const version = bumpDirectoryVersion(dataDir, today);
  print(
    `contact register: ${incoming.length - replaced} new, ${replaced} replaced, ${merged.contacts.length} in all; directory version ${version} (publish it with ksb directory publish)`,
  );
  return 0;
};
