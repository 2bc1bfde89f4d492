import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIRECTORY_DATA_DIR, loadDirectory, type MunicipalityRegister } from '@ksb/directory';
import { directoryImport } from './directory-import.command';

/** The shipped register written out in GV100AD's fixed-width layout, as Destatis would ship it. */
const gv100adOf = (register: MunicipalityRegister, stand: string): string => {
  const record = (type: string, key: string, association: string, name: string, code: string) =>
    `${type}${stand}${key.padEnd(8)}${association.padEnd(4)}${name.padEnd(50)}${''.padEnd(50)}${code}`.padEnd(220);
  const codes: Record<string, string> = { 'Kreisfreie Stadt': '41', Kreis: '43', Landkreis: '44', Städteregion: '45' };
  return [
    ...[...register.districts.values()].map((d) => record('40', d.key, '', d.name, codes[d.districtType] ?? '43')),
    ...[...register.municipalities.values()].map((m) =>
      record('60', m.ags, m.ars.slice(5, 9), m.name, m.independentCity ? '61' : '63'),
    ),
  ].join('\r\n');
};

describe('ksb directory import (GV100AD)', () => {
  let dir: string;
  const lines: string[] = [];
  const print = (l: string) => lines.push(l);
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ksb-directory-import-'));
    cpSync(DIRECTORY_DATA_DIR, dir, { recursive: true });
    lines.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a new edition: keeps history, ends what is gone, bumps the version', async () => {
    const shipped = loadDirectory(dir);
    const edition = gv100adOf(shipped.register, '20260930')
      .split('\r\n')
      .filter((l) => !l.includes('05562008')) // Datteln, outside the network, no longer listed
      .map((l) => (l.includes('05158016') ? l.replace('Hilden'.padEnd(50), 'Hilden, Stadt'.padEnd(50)) : l))
      .join('\r\n');
    writeFileSync(join(dir, 'GV100AD_30092026.txt'), edition, 'latin1');

    const code = await directoryImport(
      [join(dir, 'GV100AD_30092026.txt'), '--data', dir],
      print,
      new Date('2026-12-05T10:00:00Z'),
    );

    expect(code).toBe(0);
    const after = loadDirectory(dir);
    expect(after.version).toBe('2026-12-05.2');
    expect(after.register.edition).toBe('GV100AD 2026-09-30');
    expect(after.register.municipalities.get('05562008')?.validTo).toBe('2026-09-30');
    expect(after.register.municipalities.get('05158016')).toMatchObject({
      name: 'Hilden',
      validFrom: shipped.register.municipalities.get('05158016')?.validFrom,
    });
    expect(lines[0]).toMatch(/396 NRW municipalities \(0 new, 1 ended, 0 renamed\)/);
    expect(lines).toContain('  − 05562008 Datteln (valid_to 2026-09-30)');
  });

  it('refuses an edition without a directory municipality and writes nothing', async () => {
    const before = readFileSync(join(dir, 'register', 'municipalities-nrw.csv'), 'utf8');
    const edition = gv100adOf(loadDirectory(dir).register, '20260930')
      .split('\r\n')
      .filter((l) => !l.includes('05158016'))
      .join('\r\n');
    writeFileSync(join(dir, 'edition.txt'), edition);

    expect(await directoryImport([join(dir, 'edition.txt'), '--data', dir], print)).toBe(1);
    expect(lines[0]).toMatch(/no longer lists directory municipalities: 05158016 Hilden/);
    expect(readFileSync(join(dir, 'register', 'municipalities-nrw.csv'), 'utf8')).toBe(before);
  });
});
