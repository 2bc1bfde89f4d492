import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contactsOf, DIRECTORY_DATA_DIR, loadDirectory } from '@ksb/directory';
import { contactsImport } from './contacts-import.command';

const HEADER = 'entry_id,office_id,name,function,phone,email,topics,valid_from,valid_to,source\n';

describe('ksb directory contacts import', () => {
  let dir: string;
  const lines: string[] = [];
  const print = (l: string) => lines.push(l);
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ksb-contacts-import-'));
    cpSync(DIRECTORY_DATA_DIR, dir, { recursive: true });
    lines.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('adds an office’s contact persons, replaces by entry id, and bumps the version', async () => {
    const first = write(
      'mettmann.csv',
      `${HEADER}kpb-me-1,kpb-mettmann,Leitstelle,Wachdienstführer,+49 2104 982 1110,,duty-desk,2026-01-01,,KPB Mettmann 2026-11\n` +
        `kpb-me-2,kpb-mettmann,KK 11,Kriminalkommissariat,+49 2104 982 0,kk11@example.org,sexual-offences; child-protection,2026-01-01,,KPB Mettmann 2026-11\n`,
    );
    expect(await contactsImport([first, '--data', dir], print, new Date('2026-12-05T10:00:00Z'))).toBe(0);
    expect(lines[0]).toMatch(/2 new, 0 replaced, 2 in all; directory version 2026-12-05\.2/);

    const update = write(
      'update.csv',
      `${HEADER}kpb-me-1,kpb-mettmann,Leitstelle,Wachdienstführer,+49 2104 982 1111,,duty-desk,2026-01-01,,KPB Mettmann 2026-12\n`,
    );
    expect(await contactsImport([update, '--data', dir], print, new Date('2026-12-05T11:00:00Z'))).toBe(0);
    expect(lines[1]).toMatch(/0 new, 1 replaced, 2 in all; directory version 2026-12-05\.3/);
    const directory = loadDirectory(dir);
    expect(contactsOf(directory, 'kpb-mettmann', '2026-12-05', directory.contactTopics).map((c) => c.phone)).toEqual([
      '+49 2104 982 1111',
      '+49 2104 982 0',
    ]);
  });

  it('refuses a file with one bad row, names the row, and writes nothing', async () => {
    const before = readFileSync(join(dir, 'contacts.csv'), 'utf8');
    const bad = write(
      'bad.csv',
      `${HEADER}ok-1,ja-stadt-hilden,ASD,,+49 2103 1,,on-call,2026-01-01,,s\nbad-1,ja-stadt-hilden,ASD,,,,on-call,2026-01-01,,s\n`,
    );
    expect(await contactsImport([bad, '--data', dir], print)).toBe(1);
    expect(lines.join('\n')).toMatch(/contact bad-1: needs a phone number or an e-mail address/);
    expect(readFileSync(join(dir, 'contacts.csv'), 'utf8')).toBe(before);
  });
});
