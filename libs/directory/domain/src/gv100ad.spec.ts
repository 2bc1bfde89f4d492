import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Gv100adFormatError, parseGv100ad } from './gv100ad';
import { mergeRegister } from './load-register';
import { loadDirectory } from './load-directory';

// A hand-made excerpt in GV100AD's layout (real keys and names, Gebietsstand 2026-09-30, CRLF like Destatis).
const excerpt = readFileSync(join(__dirname, 'fixtures', 'GV100AD_excerpt.txt'), 'utf8');

describe('GV100AD, the Destatis municipality directory', () => {
  const register = parseGv100ad(excerpt, 'Destatis GV100AD');

  it('reads NRW municipalities with ARS, district and kreisfreie status, and districts of every Land', () => {
    expect(register.edition).toBe('GV100AD 2026-09-30');
    expect([...register.municipalities.keys()]).toEqual(['05111000', '05158004', '05158016']);
    expect(register.municipalities.get('05158016')).toEqual({
      ags: '05158016',
      ars: '051580016016',
      name: 'Hilden',
      districtKey: '05158',
      independentCity: false,
      validFrom: '2026-09-30',
      source: 'Destatis GV100AD (2026-09-30)',
    });
    expect(register.municipalities.get('05111000')?.independentCity).toBe(true);
    expect([...register.districts.values()].map((d) => [d.key, d.districtType])).toEqual([
      ['05111', 'Kreisfreie Stadt'],
      ['05158', 'Kreis'],
      ['09162', 'Kreisfreie Stadt'],
      ['09184', 'Landkreis'],
    ]);
  });

  it.each([
    ['an unknown record type', (t: string) => t.replace(/^60/m, '61'), /line 5: record type "61"/],
    ['a broken Gebietsstand', (t: string) => t.replace('6020260930', '6020260X30'), /Gebietsstand "20260X30"/],
    ['two editions', (t: string) => t.replace('6020260930051580', '6020261231051580'), /one Gebietsstand expected/],
    ['a district without Textkennzeichen', (t: string) => t.replace(/(Mettmann {42})43/, '$1  '), /district record/],
    [
      'no NRW municipality',
      (t: string) =>
        t
          .split('\r\n')
          .filter((l) => !l.startsWith('602026093005'))
          .join('\r\n'),
      /no municipality of Land 05/,
    ],
  ])('refuses a file with %s, naming the line', (_, breakIt, message) => {
    expect(() => parseGv100ad(breakIt(excerpt), 'x')).toThrow(Gv100adFormatError);
    expect(() => parseGv100ad(breakIt(excerpt), 'x')).toThrow(message);
  });
});

describe('merging an edition into the register', () => {
  const current = loadDirectory().register;
  const next = parseGv100ad(excerpt, 'Destatis GV100AD');
  const { register, added, ended } = mergeRegister(current, next, '2026-09-30');

  it('keeps the valid_from of unchanged entries and ends the ones the edition no longer lists', () => {
    expect(added).toEqual([]);
    expect(ended).toHaveLength(396 - 3);
    expect(register.municipalities.get('05158016')?.validFrom).toBe(current.municipalities.get('05158016')?.validFrom);
    expect(register.municipalities.get('05158004')?.validTo).toBeUndefined();
    expect(register.municipalities.get('05158020')?.validTo).toBe('2026-09-30');
  });

  it('starts a municipality the current register does not know at the edition date', () => {
    const smaller = {
      ...current,
      municipalities: new Map([...current.municipalities].filter(([ags]) => ags !== '05158016')),
    };
    const merged = mergeRegister(smaller, next, '2026-09-30');
    expect(merged.added).toEqual(['05158016']);
    expect(merged.register.municipalities.get('05158016')?.validFrom).toBe('2026-09-30');
  });
});
