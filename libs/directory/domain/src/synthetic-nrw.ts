import { toCsv } from './csv';
import type { DirectoryFiles } from './load-directory';
import { parseRegister } from './load-register';

/**
 * A synthetic all-NRW directory at the real sizes (396 municipalities, 186 Jugendämter, 47 police
 * authorities, 16 Kriminalhauptstellen), written as the same data files the shipped directory uses, so the
 * scale tests and the benchmark go through the real loader without code change. The municipalities and
 * districts are real (the register); which towns run a Jugendamt and which authority polices them is made
 * up by a fixed rule and says so in every row's source. Never ship it as data.
 */
export const SYNTHETIC_NRW = { jugendaemter: 186, policeAuthorities: 47, kriminalhauptstellen: 16 } as const;

const SOURCE = 'SYNTHETIC for scale tests and benchmarks: not a statement about any office';

export const syntheticNrwFiles = (shipped: DirectoryFiles, version = '2026-12-05.nrw-synthetic'): DirectoryFiles => {
  const manifest = JSON.parse(shipped.manifest) as { registerEdition: string };
  const register = parseRegister(manifest.registerEdition, shipped.registerMunicipalities, shipped.registerDistricts);
  const municipalities = [...register.municipalities.values()].filter((m) => m.validTo === undefined);
  const districts = [...new Set(municipalities.map((m) => m.districtKey))].sort();
  const districtName = (key: string) => register.districts.get(key)?.name ?? key;

  // Jugendämter: every kreisfreie Stadt, one Kreisjugendamt per Kreis, then towns in key order until 186.
  const own = new Set(municipalities.filter((m) => m.independentCity).map((m) => m.ags));
  const kreise = districts.filter((d) => !municipalities.some((m) => m.districtKey === d && m.independentCity));
  const towns = municipalities.filter((m) => !m.independentCity);
  for (let i = 0; own.size + kreise.length < SYNTHETIC_NRW.jugendaemter && i < towns.length; i++) {
    // Every third town of the list, spread over all Kreise, until the total is reached.
    const town = towns[(i * 3) % towns.length];
    own.add(town.ags);
  }
  const jugendamtOf = (ags: string, district: string) => (own.has(ags) ? `ja-${ags}` : `kja-${district}`);
  const policeOf = (district: string) => `kpb-${districts.indexOf(district) % SYNTHETIC_NRW.policeAuthorities}`;
  const khsOf = (district: string) => `khs-${districts.indexOf(district) % SYNTHETIC_NRW.kriminalhauptstellen}`;

  const office = (id: string, name: string, role: string, type: string, kreis: string) => [
    id,
    name,
    role,
    type,
    kreis,
    '2021-01-01',
    '',
    'false',
    SOURCE,
  ];
  const offices = [
    ...[...own].map((ags) => {
      const m = register.municipalities.get(ags);
      return office(`ja-${ags}`, `Jugendamt ${m?.name}`, 'JUGENDAMT', 'STADTJUGENDAMT', districtName(ags.slice(0, 5)));
    }),
    ...kreise.map((d) =>
      office(`kja-${d}`, `Kreisjugendamt ${districtName(d)}`, 'JUGENDAMT', 'KREISJUGENDAMT', districtName(d)),
    ),
    ...Array.from({ length: SYNTHETIC_NRW.policeAuthorities }, (_, i) =>
      office(`kpb-${i}`, `Kreispolizeibehörde ${i}`, 'POLICE', 'KPB', 'NRW'),
    ),
    ...Array.from({ length: SYNTHETIC_NRW.kriminalhauptstellen }, (_, i) =>
      office(`khs-${i}`, `Kriminalhauptstelle ${i}`, 'POLICE', 'KRIMINALHAUPTSTELLE', 'NRW'),
    ),
  ];
  const rows = municipalities.map((m) => [
    m.ags,
    m.name,
    districtName(m.districtKey),
    jugendamtOf(m.ags, m.districtKey),
    policeOf(m.districtKey),
    khsOf(m.districtKey),
    '',
    '2021-01-01',
    '',
    SOURCE,
  ]);
  return {
    ...shipped,
    manifest: JSON.stringify({ ...JSON.parse(shipped.manifest), version }),
    offices: toCsv(
      ['office_id', 'name', 'role', 'office_type', 'kreis', 'valid_from', 'valid_to', 'verified', 'source'],
      offices,
    ),
    municipalities: toCsv(
      [
        'ags',
        'name',
        'kreis',
        'jugendamt_id',
        'kpb_id',
        'kriminalhauptstelle_id',
        'postal_codes',
        'valid_from',
        'valid_to',
        'source',
      ],
      rows,
    ),
    contacts: '',
    postalCodes: 'postal_code,ags,place,source\n',
    responsibilities: 'ags,role,office_id,valid_from,valid_to,source\n',
  };
};
