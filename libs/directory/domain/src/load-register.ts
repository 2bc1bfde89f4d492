import { parseCsv, toCsv } from './csv';
import type { MunicipalityRegister, RegisteredDistrict, RegisteredMunicipality } from './municipality-register';

/** Where the register lives inside the directory data (written by `ksb directory import`). */
export const REGISTER_FILES = {
  municipalities: 'register/municipalities-nrw.csv',
  districts: 'register/districts.csv',
} as const;

/** The Land whose every municipality the register lists; the bridge's network lies in it. */
export const COMPLETE_LAND = '05';

const optional = (value: string | undefined) => (value ? value : undefined);

export const parseRegister = (edition: string, municipalities: string, districts: string): MunicipalityRegister => ({
  edition,
  completeLand: COMPLETE_LAND,
  municipalities: new Map(
    parseCsv(municipalities).map((row): [string, RegisteredMunicipality] => [
      row['ags'],
      {
        ags: row['ags'],
        ars: row['ars'],
        name: row['name'],
        districtKey: row['district_key'],
        independentCity: row['independent_city'] === 'true',
        validFrom: row['valid_from'],
        validTo: optional(row['valid_to']),
        source: row['source'],
      },
    ]),
  ),
  districts: new Map(
    parseCsv(districts).map((row): [string, RegisteredDistrict] => [
      row['district_key'],
      {
        key: row['district_key'],
        name: row['name'],
        districtType: row['district_type'],
        validFrom: row['valid_from'],
        validTo: optional(row['valid_to']),
        source: row['source'],
      },
    ]),
  ),
});

/** The register back into its two files, in the column order parseRegister reads. */
export const registerFiles = (register: MunicipalityRegister): { municipalities: string; districts: string } => ({
  municipalities: toCsv(
    ['ags', 'ars', 'name', 'district_key', 'independent_city', 'valid_from', 'valid_to', 'source'],
    [...register.municipalities.values()].map((m) => [
      m.ags,
      m.ars,
      m.name,
      m.districtKey,
      String(m.independentCity),
      m.validFrom,
      m.validTo ?? '',
      m.source,
    ]),
  ),
  districts: toCsv(
    ['district_key', 'name', 'district_type', 'valid_from', 'valid_to', 'source'],
    [...register.districts.values()].map((d) => [
      d.key,
      d.name,
      d.districtType,
      d.validFrom,
      d.validTo ?? '',
      d.source,
    ]),
  ),
});

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A register that would let a typo through as a "real" municipality is refused like any broken directory. */
export const registerProblems = (register: MunicipalityRegister): string[] => {
  const problems: string[] = [];
  if (register.municipalities.size === 0) problems.push(`register ${register.edition}: no municipalities`);
  for (const d of register.districts.values()) {
    if (!/^\d{5}$/.test(d.key)) problems.push(`register district ${d.key}: key must be 5 digits`);
    if (!ISO_DATE.test(d.validFrom)) problems.push(`register district ${d.key}: valid_from must be YYYY-MM-DD`);
  }
  for (const m of register.municipalities.values()) {
    if (!new RegExp(`^${register.completeLand}\\d{6}$`).test(m.ags))
      problems.push(`register municipality ${m.ags}: AGS must be 8 digits in Land ${register.completeLand}`);
    if (!/^\d{12}$/.test(m.ars) || `${m.ars.slice(0, 5)}${m.ars.slice(9)}` !== m.ags)
      problems.push(`register municipality ${m.ags}: ARS ${m.ars} does not contain the AGS`);
    if (!register.districts.has(m.districtKey) || m.districtKey !== m.ags.slice(0, 5))
      problems.push(`register municipality ${m.ags}: district ${m.districtKey} is not its district`);
    if (!ISO_DATE.test(m.validFrom)) problems.push(`register municipality ${m.ags}: valid_from must be YYYY-MM-DD`);
  }
  return problems;
};

export interface RegisterChange {
  readonly register: MunicipalityRegister;
  readonly added: readonly string[];
  readonly ended: readonly string[];
  readonly renamed: readonly string[];
}

/**
 * A new edition over the current one without losing history: unchanged entries keep their valid_from, new
 * ones start at the edition date, entries missing from the edition end there (valid_to), so a decision made
 * under the old edition stays explainable. A renamed municipality keeps its key and valid_from (the key is
 * its identity) and takes the new name; the change is listed.
 */
export const mergeRegister = (
  current: MunicipalityRegister,
  next: MunicipalityRegister,
  asOf: string,
): RegisterChange => {
  const added: string[] = [];
  const ended: string[] = [];
  const renamed: string[] = [];
  const municipalities = new Map<string, RegisteredMunicipality>();
  for (const [ags, m] of next.municipalities) {
    const before = current.municipalities.get(ags);
    const same = before && before.validTo === undefined && before.name === m.name && before.ars === m.ars;
    if (!before) added.push(ags);
    else if (!same && before.validTo === undefined) renamed.push(ags);
    municipalities.set(
      ags,
      before && before.validTo === undefined
        ? { ...m, validFrom: before.validFrom, source: same ? before.source : m.source }
        : m,
    );
  }
  for (const [ags, before] of current.municipalities)
    if (!next.municipalities.has(ags)) {
      if (before.validTo === undefined) ended.push(ags);
      municipalities.set(ags, { ...before, validTo: before.validTo ?? asOf });
    }
  const districts = new Map<string, RegisteredDistrict>();
  for (const [key, d] of next.districts) {
    const before = current.districts.get(key);
    districts.set(key, before && before.validTo === undefined && before.name === d.name ? before : d);
  }
  for (const [key, before] of current.districts)
    if (!next.districts.has(key)) districts.set(key, { ...before, validTo: before.validTo ?? asOf });
  const byKey = <T>(entries: Map<string, T>) => new Map([...entries].sort(([a], [b]) => a.localeCompare(b)));
  return {
    register: { ...next, municipalities: byKey(municipalities), districts: byKey(districts) },
    added,
    ended,
    renamed,
  };
};
