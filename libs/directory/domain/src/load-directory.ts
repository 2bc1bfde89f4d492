import type { SigningKey } from '@ksb/signatures';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCsv } from './csv';
import type { ContactEntry, Directory, MunicipalityAssignment, Office, OfficeType } from './directory';

export const DIRECTORY_DATA_DIR = resolve(__dirname, '..', '..', 'data');

const ROLES = new Set(['POLICE', 'JUGENDAMT']);
const TYPES = new Set<OfficeType>([
  'STADTJUGENDAMT',
  'KREISJUGENDAMT',
  'KPB',
  'KRIMINALHAUPTSTELLE',
  'FAMILY_COURT',
  'PROSECUTOR',
  'SCHOOL_AUTHORITY',
  'HEALTH_SERVICE',
  'YOUTH_WELFARE_PROVIDER',
]);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class InvalidDirectoryError extends Error {
  constructor(readonly problems: string[]) {
    super(`directory data is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const optional = (value: string) => (value === '' ? undefined : value);

/**
 * Checks references, keys and dates; a directory with any problem is refused as a whole, whether it comes
 * from the data files or from the directory topic.
 */
export const validateDirectory = (
  version: string,
  offices: readonly Office[],
  municipalities: readonly MunicipalityAssignment[],
  contacts: readonly ContactEntry[] = [],
  signingKeys: readonly SigningKey[] = [],
): Directory => {
  const problems: string[] = [];
  const byId = new Map<string, Office>();
  for (const office of offices) {
    if (!ROLES.has(office.role)) problems.push(`office ${office.id}: unknown role ${office.role}`);
    if (!TYPES.has(office.type)) problems.push(`office ${office.id}: unknown office type ${office.type}`);
    if (!ISO_DATE.test(office.validFrom)) problems.push(`office ${office.id}: valid_from must be YYYY-MM-DD`);
    if (byId.has(office.id)) problems.push(`office ${office.id}: duplicate office id`);
    byId.set(office.id, office);
  }
  for (const m of municipalities) {
    if (!/^05\d{6}$/.test(m.ags)) problems.push(`municipality ${m.ags}: AGS must be 8 digits starting with 05 (NRW)`);
    for (const [column, id] of [
      ['jugendamt_id', m.jugendamtId],
      ['kpb_id', m.kpbId],
      ['kriminalhauptstelle_id', m.kriminalhauptstelleId],
    ]) {
      if (!byId.has(id)) problems.push(`municipality ${m.ags}: ${column} ${id} is not in offices.csv`);
    }
    if (!ISO_DATE.test(m.validFrom)) problems.push(`municipality ${m.ags}: valid_from must be YYYY-MM-DD`);
  }
  const entryIds = new Set<string>();
  for (const c of contacts) {
    if (!byId.has(c.officeId)) problems.push(`contact ${c.entryId}: office_id ${c.officeId} is not in offices.csv`);
    if (!ISO_DATE.test(c.validFrom)) problems.push(`contact ${c.entryId}: valid_from must be YYYY-MM-DD`);
    if (entryIds.has(c.entryId)) problems.push(`contact ${c.entryId}: duplicate entry id`);
    entryIds.add(c.entryId);
  }
  for (const k of signingKeys)
    if (k.purpose === 'agency' && !byId.has(k.owner))
      problems.push(`signing key ${k.keyId}: owner ${k.owner} is not in offices.csv`);
  if (problems.length) throw new InvalidDirectoryError(problems);
  return { version, offices: byId, municipalities, contacts, signingKeys };
};

/** Parses the three data files of libs/directory/data. */
export const parseDirectory = (files: {
  manifest: string;
  offices: string;
  municipalities: string;
  contacts?: string;
}): Directory => {
  const { version } = JSON.parse(files.manifest) as { version: string };
  const offices = parseCsv(files.offices).map((row): Office => ({
    id: row['office_id'],
    name: row['name'],
    role: row['role'] as Office['role'],
    type: row['office_type'] as OfficeType,
    kreis: row['kreis'],
    validFrom: row['valid_from'],
    validTo: optional(row['valid_to']),
    verified: row['verified'] === 'true',
    source: row['source'],
  }));
  const municipalities = parseCsv(files.municipalities).map((row): MunicipalityAssignment => ({
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
  }));
  const contacts = parseCsv(files.contacts ?? '').map((row): ContactEntry => ({
    entryId: row['entry_id'],
    officeId: row['office_id'],
    name: row['name'],
    function: optional(row['function']),
    phone: optional(row['phone']),
    email: optional(row['email']),
    topics: row['topics']
      .split(';')
      .map((t) => t.trim())
      .filter(Boolean),
    validFrom: row['valid_from'],
    validTo: optional(row['valid_to']),
    source: row['source'],
  }));
  return validateDirectory(version, offices, municipalities, contacts);
};

/**
 * The directory with the register of signing keys. Keys are configuration (a config map, the local stack's
 * `.stack/security/signing-keys.json`), not committed data: they change by rotation, not by a release.
 */
export const withSigningKeys = (directory: Directory, signingKeys: readonly SigningKey[]): Directory =>
  validateDirectory(
    directory.version,
    [...directory.offices.values()],
    directory.municipalities,
    directory.contacts,
    signingKeys,
  );

export const loadDirectory = (dataDir = DIRECTORY_DATA_DIR): Directory =>
  parseDirectory({
    manifest: readFileSync(join(dataDir, 'manifest.json'), 'utf8'),
    offices: readFileSync(join(dataDir, 'offices.csv'), 'utf8'),
    municipalities: readFileSync(join(dataDir, 'municipalities.csv'), 'utf8'),
    contacts: readFileSync(join(dataDir, 'contacts.csv'), 'utf8'),
  });
