import { InvalidDirectoryError, loadDirectory, parseDirectory, readDirectoryFiles } from './load-directory';
import { isValidOn } from './directory';
import { fromSnapshot, toSnapshot } from './directory-snapshot';
import { parseCsv } from './csv';
import { SYNTHETIC_NRW, syntheticNrwFiles } from './synthetic-nrw';
import { contactsOf } from './contacts';

const files = () => ({ ...readDirectoryFiles() });

describe('the shipped directory', () => {
  const directory = loadDirectory();

  it('covers the 65 municipalities and 30 Jugendämter of the five Kreise, with 5 KPB and 4 Kriminalhauptstellen', () => {
    const offices = [...directory.offices.values()];
    expect(directory.municipalities).toHaveLength(65);
    expect(offices.filter((o) => o.role === 'JUGENDAMT')).toHaveLength(30);
    expect(offices.filter((o) => o.type === 'KPB')).toHaveLength(5);
    expect(offices.filter((o) => o.type === 'KRIMINALHAUPTSTELLE')).toHaveLength(4);
    expect(directory.version).toMatch(/^\d{4}-\d{2}-\d{2}\.\d+$/);
  });

  it('has no Kreisjugendamt in Kreis Mettmann (all ten towns run their own)', () => {
    const mettmann = directory.municipalities.filter((m) => m.kreis === 'Kreis Mettmann');
    expect(new Set(mettmann.map((m) => m.jugendamtId)).size).toBe(10);
    expect(mettmann.every((m) => directory.offices.get(m.jugendamtId)?.type === 'STADTJUGENDAMT')).toBe(true);
  });

  it('marks the inferred Kriminalhauptstelle for Viersen as unverified', () => {
    expect(directory.offices.get('khs-pp-moenchengladbach')?.verified).toBe(false);
    expect(directory.offices.get('khs-pp-duesseldorf')?.verified).toBe(true);
  });

  it('gives every entry a source', () => {
    expect([...directory.offices.values()].every((o) => o.source.length > 10)).toBe(true);
    expect(directory.municipalities.every((m) => m.source.length > 10)).toBe(true);
  });
});

describe('parseDirectory refuses broken data', () => {
  it('names each broken reference and bad key', () => {
    const broken = files();
    broken.municipalities = broken.municipalities
      .replace('05158016,Hilden', '5158016,Hilden')
      .replace('ja-stadt-erkrath', 'ja-stadt-nowhere');
    expect(() => parseDirectory(broken)).toThrow(InvalidDirectoryError);
    expect(() => parseDirectory(broken)).toThrow(/municipality 5158016: AGS must be 8 digits/);
    expect(() => parseDirectory(broken)).toThrow(
      /municipality 05158004: jugendamt_id ja-stadt-nowhere is not in offices.csv/,
    );
  });
});

describe('helpers', () => {
  it.each([
    [{ validFrom: '2021-01-01' }, '2026-11-21', true],
    [{ validFrom: '2027-01-01' }, '2026-11-21', false],
    [{ validFrom: '2021-01-01', validTo: '2026-11-21' }, '2026-11-21', false],
    [{ validFrom: '2021-01-01', validTo: '2026-11-22' }, '2026-11-21', true],
  ])('isValidOn(%p, %s) = %p', (entry, date, expected) => {
    expect(isValidOn(entry, date)).toBe(expected);
  });

  it('reads quoted CSV fields with commas and doubled quotes', () => {
    expect(parseCsv('a,b\n"x, ""y""",z\n')).toEqual([{ a: 'x, "y"', b: 'z' }]);
  });
});

describe('directory snapshot (for the directory topic)', () => {
  it('round-trips the shipped directory', () => {
    const directory = loadDirectory();
    const back = fromSnapshot(toSnapshot(directory, new Date('2026-11-21T05:00:00Z')));
    expect(back.version).toBe(directory.version);
    expect([...back.offices.values()]).toEqual([...directory.offices.values()]);
    expect(back.municipalities).toEqual(directory.municipalities);
  });

  it('refuses a snapshot with a broken reference', () => {
    const snapshot = toSnapshot(loadDirectory(), new Date());
    snapshot.municipalities[0].kpbId = 'kpb-nowhere';
    expect(() => fromSnapshot(snapshot)).toThrow(/kpb_id kpb-nowhere/);
  });
});

describe('contact register', () => {
  const withContacts = (contacts: string) => parseDirectory({ ...files(), contacts });
  const header = 'entry_id,office_id,name,function,phone,email,topics,valid_from,valid_to,source\n';

  it('reads entries with their topics, validity and source', () => {
    const directory = withContacts(
      `${header}c-1,ja-stadt-hilden,Bereitschaftsdienst ASD,Kinderschutz,+49 2103 0,,on-call; child-protection,2026-01-01,,office notice 2026\n`,
    );
    expect(directory.contacts).toEqual([
      {
        entryId: 'c-1',
        officeId: 'ja-stadt-hilden',
        name: 'Bereitschaftsdienst ASD',
        function: 'Kinderschutz',
        phone: '+49 2103 0',
        email: undefined,
        topics: ['on-call', 'child-protection'],
        validFrom: '2026-01-01',
        validTo: undefined,
        source: 'office notice 2026',
      },
    ]);
  });

  it('refuses an entry for an office the directory does not know', () => {
    expect(() => withContacts(`${header}c-1,ja-stadt-atlantis,X,,+49 1,,on-call,2026-01-01,,s\n`)).toThrow(
      /contact c-1: office_id ja-stadt-atlantis/,
    );
  });

  it.each([
    [
      'no way to reach anyone',
      'c-2,ja-stadt-hilden,ASD,,,,on-call,2026-01-01,,s',
      /c-2: needs a phone number or an e-mail/,
    ],
    [
      'a phone that is no number',
      'c-3,ja-stadt-hilden,ASD,,call me,,on-call,2026-01-01,,s',
      /c-3: phone call me is not/,
    ],
    ['a broken address', 'c-4,ja-stadt-hilden,ASD,,,asd@,on-call,2026-01-01,,s', /c-4: email asd@ is not an address/],
    [
      'a topic outside the code list',
      'c-5,ja-stadt-hilden,ASD,,+49 2103 1,,Inobhutnahme,2026-01-01,,s',
      /c-5: topic Inobhutnahme is not in the code list/,
    ],
    [
      'an end before its start',
      'c-6,ja-stadt-hilden,ASD,,+49 2103 1,,on-call,2026-01-01,2025-12-31,s',
      /c-6: valid_to 2025-12-31 is not after/,
    ],
  ])('refuses an entry with %s', (_, row, message) => {
    expect(() => withContacts(`${header}${row}\n`)).toThrow(message);
  });

  it('carries the register in the signed snapshot and lists an office’s contacts on-call first', () => {
    const directory = withContacts(
      `${header}c-1,kpb-mettmann,Kriminalkommissariat 11,KK 11,+49 2104 982 0,,sexual-offences,2026-01-01,,s\n` +
        `c-2,kpb-mettmann,Leitstelle,Wachdienstführer,+49 2104 982 1110,,duty-desk,2026-01-01,,s\n` +
        `c-3,kpb-mettmann,Früher,,+49 2104 1,,duty-desk,2020-01-01,2026-01-01,s\n`,
    );
    const back = fromSnapshot(toSnapshot(directory, new Date()));
    expect(back.contacts).toEqual(directory.contacts);
    expect(contactsOf(back, 'kpb-mettmann', '2026-12-05', back.contactTopics).map((c) => c.entryId)).toEqual([
      'c-2',
      'c-1',
    ]);
  });

  it('ships an empty register until the offices supply their contact persons', () => {
    expect(loadDirectory().contacts).toEqual([]);
  });
});

describe('municipality register and postal codes (issue 14)', () => {
  it('lists all 396 municipalities of NRW in its 53 districts, and every directory municipality is among them', () => {
    const { register, municipalities } = loadDirectory();
    expect(register.municipalities.size).toBe(396);
    expect([...register.districts.keys()].filter((k) => k.startsWith('05'))).toHaveLength(53);
    expect([...register.municipalities.values()].filter((m) => m.independentCity)).toHaveLength(22);
    expect(municipalities.every((m) => register.municipalities.has(m.ags))).toBe(true);
  });

  it('refuses a register row whose ARS does not contain its AGS', () => {
    const broken = files();
    broken.registerMunicipalities = broken.registerMunicipalities.replace(
      '05158016,051580016016',
      '05158016,051580016017',
    );
    expect(() => parseDirectory(broken)).toThrow(/register municipality 05158016: ARS 051580016017 does not contain/);
  });

  it('refuses a directory municipality that the register does not know', () => {
    const broken = files();
    broken.registerMunicipalities = broken.registerMunicipalities.replace(/^05158016,.*\n/m, '');
    expect(() => parseDirectory(broken)).toThrow(/municipality 05158016: not in the municipality register/);
  });

  it('refuses a postal code of a directory municipality that postal-codes.csv does not name', () => {
    const broken = files();
    broken.postalCodes = broken.postalCodes.replace(/^40699,05158004,.*\n/m, '');
    expect(() => parseDirectory(broken)).toThrow(/municipality 05158004: postal code 40699 has no row/);
  });

  it('round-trips register and postal places through the snapshot', () => {
    const directory = loadDirectory();
    const back = fromSnapshot(toSnapshot(directory, new Date()));
    expect(back.register).toEqual(directory.register);
    expect(back.postalPlaces).toEqual(directory.postalPlaces);
  });
});

describe('all of NRW as data, without code change (issue 14)', () => {
  const nrw = parseDirectory(syntheticNrwFiles(readDirectoryFiles()));

  it('loads 396 municipalities, 186 Jugendämter and 47 police authorities through the same loader', () => {
    const offices = [...nrw.offices.values()];
    expect(nrw.municipalities).toHaveLength(396);
    expect(offices.filter((o) => o.role === 'JUGENDAMT')).toHaveLength(SYNTHETIC_NRW.jugendaemter);
    expect(offices.filter((o) => o.type === 'KPB')).toHaveLength(SYNTHETIC_NRW.policeAuthorities);
    expect(offices.filter((o) => o.type === 'KRIMINALHAUPTSTELLE')).toHaveLength(SYNTHETIC_NRW.kriminalhauptstellen);
    expect(offices.every((o) => o.source.startsWith('SYNTHETIC'))).toBe(true);
  });

  it('round-trips through the snapshot', () => {
    const back = fromSnapshot(toSnapshot(nrw, new Date()));
    expect(back.municipalities).toEqual(nrw.municipalities);
    expect([...back.offices.keys()]).toEqual([...nrw.offices.keys()]);
  });
});

describe('roles and partner responsibilities as data (issue 14)', () => {
  it('knows the family court as a role with its office and responsibility', () => {
    const directory = loadDirectory();
    expect(directory.roles.map((r) => r.role)).toEqual(['POLICE', 'JUGENDAMT', 'FAMILY_COURT']);
    expect(directory.offices.get('ag-viersen-familiengericht')?.role).toBe('FAMILY_COURT');
    expect(directory.responsibilities).toEqual([
      expect.objectContaining({ ags: '05166032', officeId: 'ag-viersen-familiengericht' }),
    ]);
    expect(fromSnapshot(toSnapshot(directory, new Date())).responsibilities).toEqual(directory.responsibilities);
  });

  it.each([
    [
      'a role roles.json does not list',
      (f: ReturnType<typeof files>) => ({
        ...f,
        offices: f.offices.replace(',FAMILY_COURT,FAMILY_COURT,', ',SCHOOL,FAMILY_COURT,'),
      }),
      /office ag-viersen-familiengericht: unknown role SCHOOL/,
    ],
    [
      'an office type of another role',
      (f: ReturnType<typeof files>) => ({
        ...f,
        offices: f.offices.replace(',FAMILY_COURT,FAMILY_COURT,', ',FAMILY_COURT,KPB,'),
      }),
      /office type KPB is not one of role FAMILY_COURT's/,
    ],
    [
      'a responsibility given to an office of another role',
      (f: ReturnType<typeof files>) => ({
        ...f,
        responsibilities: f.responsibilities.replace('ag-viersen-familiengericht', 'kpb-viersen'),
      }),
      /office kpb-viersen is not a FAMILY_COURT office/,
    ],
  ])('refuses %s', (_, change, message) => {
    expect(() => parseDirectory(change(files()))).toThrow(message);
  });
});
