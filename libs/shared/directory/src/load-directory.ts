import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCsv } from './csv';
import type { Directory, MunicipalityAssignment, Office, OfficeType } from './directory';

export const DIRECTORY_DATA_DIR = resolve(__dirname, '..', 'data');

const ROLES = new Set(['POLICE', 'JUGENDAMT']);
const TYPES = new Set<OfficeType>(['STADTJUGENDAMT', 'KREISJUGENDAMT', 'KPB', 'KRIMINALHAUPTSTELLE']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class InvalidDirectoryError extends Error {
  constructor(readonly problems: string[]) {
    super(`directory data is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const optional = (value: string) => (value === '' ? undefined : value);

/** Parses the three data files; a directory with any broken reference is refused as a whole. */
export const parseDirectory = (files: { manifest: string; offices: string; municipalities: string }): Directory => {
  const problems: string[] = [];
  const { version } = JSON.parse(files.manifest) as { version: string };
  const offices = new Map<string, Office>();
  parseCsv(files.offices).forEach((row, i) => {
    const where = `offices.csv line ${i + 2} (${row['office_id']})`;
    if (!ROLES.has(row['role'])) problems.push(`${where}: unknown role ${row['role']}`);
    if (!TYPES.has(row['office_type'] as OfficeType))
      problems.push(`${where}: unknown office type ${row['office_type']}`);
    if (!ISO_DATE.test(row['valid_from'])) problems.push(`${where}: valid_from must be YYYY-MM-DD`);
    if (offices.has(row['office_id'])) problems.push(`${where}: duplicate office id`);
    offices.set(row['office_id'], {
      id: row['office_id'],
      name: row['name'],
      role: row['role'] as Office['role'],
      type: row['office_type'] as OfficeType,
      kreis: row['kreis'],
      validFrom: row['valid_from'],
      validTo: optional(row['valid_to']),
      verified: row['verified'] === 'true',
      source: row['source'],
    });
  });
  const municipalities: MunicipalityAssignment[] = parseCsv(files.municipalities).map((row, i) => {
    const where = `municipalities.csv line ${i + 2} (${row['ags']})`;
    if (!/^05\d{6}$/.test(row['ags'])) problems.push(`${where}: AGS must be 8 digits starting with 05 (NRW)`);
    for (const column of ['jugendamt_id', 'kpb_id', 'kriminalhauptstelle_id']) {
      if (!offices.has(row[column])) problems.push(`${where}: ${column} ${row[column]} is not in offices.csv`);
    }
    if (!ISO_DATE.test(row['valid_from'])) problems.push(`${where}: valid_from must be YYYY-MM-DD`);
    return {
      ags: row['ags'],
      name: row['name'],
      kreis: row['kreis'],
      jugendamtId: row['jugendamt_id'],
      kpbId: row['kpb_id'],
      kriminalhauptstelleId: row['kriminalhauptstelle_id'],
      postalCodes: row['postal_codes'].split(/\s+/).filter(Boolean),
      validFrom: row['valid_from'],
      validTo: optional(row['valid_to']),
      source: row['source'],
    };
  });
  if (problems.length) throw new InvalidDirectoryError(problems);
  return { version, offices, municipalities };
};

export const loadDirectory = (dataDir = DIRECTORY_DATA_DIR): Directory =>
  parseDirectory({
    manifest: readFileSync(join(dataDir, 'manifest.json'), 'utf8'),
    offices: readFileSync(join(dataDir, 'offices.csv'), 'utf8'),
    municipalities: readFileSync(join(dataDir, 'municipalities.csv'), 'utf8'),
  });
