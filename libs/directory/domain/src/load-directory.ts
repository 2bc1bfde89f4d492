import type { SigningKey } from '@ksb/signatures';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCsv } from './csv';
import type {
  ContactEntry,
  Directory,
  MunicipalityAssignment,
  Office,
  OfficeType,
  PostalPlace,
  ContactTopic,
  Responsibility,
  RoleDefinition,
} from './directory';
import type { MunicipalityRegister } from './municipality-register';
import { groupPostalPlaces, parsePostalPlaces } from './postal-places';
import { parseRegister, REGISTER_FILES, registerProblems } from './load-register';
import { contactProblems } from './contacts';

export const DIRECTORY_DATA_DIR = resolve(__dirname, '..', '..', 'data');

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export class InvalidDirectoryError extends Error {
  constructor(readonly problems: string[]) {
    super(`directory data is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const optional = (value: string) => (value === '' ? undefined : value);

/** What a directory is made of, from the data files or from a snapshot on the directory topic. */
export interface DirectoryParts {
  readonly version: string;
  readonly offices: readonly Office[];
  readonly municipalities: readonly MunicipalityAssignment[];
  readonly contacts?: readonly ContactEntry[];
  readonly contactTopics: readonly ContactTopic[];
  readonly roles: readonly RoleDefinition[];
  readonly responsibilities?: readonly Responsibility[];
  readonly signingKeys?: readonly SigningKey[];
  readonly register: MunicipalityRegister;
  readonly postalPlaces: readonly PostalPlace[];
}

/**
 * Checks references, keys and dates; a directory with any problem is refused as a whole, whether it comes
 * from the data files or from the directory topic.
 */
export const validateDirectory = (parts: DirectoryParts): Directory => {
  const {
    version,
    offices,
    municipalities,
    contacts = [],
    contactTopics,
    roles,
    responsibilities = [],
    signingKeys = [],
    register,
    postalPlaces,
  } = parts;
  const problems: string[] = [];
  const byId = new Map<string, Office>();
  for (const office of offices) {
    const role = roles.find((r) => r.role === office.role);
    if (!role) problems.push(`office ${office.id}: unknown role ${office.role} (roles.json)`);
    else if (!role.officeTypes.includes(office.type))
      problems.push(`office ${office.id}: office type ${office.type} is not one of role ${office.role}'s`);
    if (!ISO_DATE.test(office.validFrom)) problems.push(`office ${office.id}: valid_from must be YYYY-MM-DD`);
    if (byId.has(office.id)) problems.push(`office ${office.id}: duplicate office id`);
    byId.set(office.id, office);
  }
  problems.push(...registerProblems(register));
  const places = groupPostalPlaces(postalPlaces);
  for (const m of municipalities) {
    if (!/^05\d{6}$/.test(m.ags)) problems.push(`municipality ${m.ags}: AGS must be 8 digits starting with 05 (NRW)`);
    else if (!register.municipalities.has(m.ags))
      problems.push(`municipality ${m.ags}: not in the municipality register ${register.edition}`);
    for (const [column, id] of [
      ['jugendamt_id', m.jugendamtId],
      ['kpb_id', m.kpbId],
      ['kriminalhauptstelle_id', m.kriminalhauptstelleId],
    ]) {
      if (!byId.has(id)) problems.push(`municipality ${m.ags}: ${column} ${id} is not in offices.csv`);
    }
    if (!ISO_DATE.test(m.validFrom)) problems.push(`municipality ${m.ags}: valid_from must be YYYY-MM-DD`);
    for (const code of m.postalCodes)
      if (!(places.get(code) ?? []).some((p) => p.ags === m.ags))
        problems.push(`municipality ${m.ags}: postal code ${code} has no row naming it in postal-codes.csv`);
  }
  for (const r of responsibilities) {
    const at = `responsibility ${r.ags} ${r.role}`;
    if (byId.get(r.officeId)?.role !== r.role) problems.push(`${at}: office ${r.officeId} is not a ${r.role} office`);
    if (!municipalities.some((m) => m.ags === r.ags)) problems.push(`${at}: ${r.ags} is not a directory municipality`);
    if (!ISO_DATE.test(r.validFrom)) problems.push(`${at}: valid_from must be YYYY-MM-DD`);
  }
  for (const p of postalPlaces)
    if (!/^\d{5}$/.test(p.postalCode)) problems.push(`postal code ${p.postalCode} (${p.place}): must be 5 digits`);
  const entryIds = new Set<string>();
  for (const c of contacts) {
    if (!byId.has(c.officeId)) problems.push(`contact ${c.entryId}: office_id ${c.officeId} is not in offices.csv`);
    if (!ISO_DATE.test(c.validFrom)) problems.push(`contact ${c.entryId}: valid_from must be YYYY-MM-DD`);
    if (entryIds.has(c.entryId)) problems.push(`contact ${c.entryId}: duplicate entry id`);
    entryIds.add(c.entryId);
    problems.push(...contactProblems(c, contactTopics));
  }
  for (const k of signingKeys)
    if (k.purpose === 'agency' && !byId.has(k.owner))
      problems.push(`signing key ${k.keyId}: owner ${k.owner} is not in offices.csv`);
  if (problems.length) throw new InvalidDirectoryError(problems);
  return {
    version,
    offices: byId,
    municipalities,
    contacts,
    contactTopics,
    roles,
    responsibilities,
    signingKeys,
    register,
    postalPlaces: places,
  };
};

/** The data files of libs/directory/data, as text. */
export interface DirectoryFiles {
  readonly manifest: string;
  readonly offices: string;
  readonly municipalities: string;
  readonly contacts?: string;
  readonly contactTopics: string;
  readonly roles: string;
  readonly responsibilities: string;
  readonly postalCodes: string;
  readonly registerMunicipalities: string;
  readonly registerDistricts: string;
}

export const parseDirectory = (files: DirectoryFiles): Directory => {
  const { version, registerEdition } = JSON.parse(files.manifest) as { version: string; registerEdition: string };
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
  return validateDirectory({
    version,
    offices,
    municipalities,
    contacts,
    contactTopics: (JSON.parse(files.contactTopics) as { topics: ContactTopic[] }).topics,
    roles: (JSON.parse(files.roles) as { roles: RoleDefinition[] }).roles,
    responsibilities: parseCsv(files.responsibilities).map((row) => ({
      ags: row['ags'],
      role: row['role'],
      officeId: row['office_id'],
      validFrom: row['valid_from'],
      validTo: optional(row['valid_to']),
      source: row['source'],
    })),
    register: parseRegister(registerEdition, files.registerMunicipalities, files.registerDistricts),
    postalPlaces: parsePostalPlaces(files.postalCodes),
  });
};

/**
 * The directory with the register of signing keys. Keys are configuration (a config map, the local stack's
 * `.stack/security/signing-keys.json`), not committed data: they change by rotation, not by a release.
 */
export const withSigningKeys = (directory: Directory, signingKeys: readonly SigningKey[]): Directory =>
  validateDirectory({ ...directoryParts(directory), signingKeys });

/** A directory back into its parts, e.g. to change one of them and validate the whole again. */
export const directoryParts = (directory: Directory): DirectoryParts => ({
  version: directory.version,
  offices: [...directory.offices.values()],
  municipalities: directory.municipalities,
  contacts: directory.contacts,
  contactTopics: directory.contactTopics,
  roles: directory.roles,
  responsibilities: directory.responsibilities,
  signingKeys: directory.signingKeys,
  register: directory.register,
  postalPlaces: [...directory.postalPlaces.values()].flat(),
});

/** The data files as text (tests change one of them and parse again). */
export const readDirectoryFiles = (dataDir = DIRECTORY_DATA_DIR): DirectoryFiles => {
  const read = (file: string) => readFileSync(join(dataDir, file), 'utf8');
  return {
    manifest: read('manifest.json'),
    offices: read('offices.csv'),
    municipalities: read('municipalities.csv'),
    contacts: read('contacts.csv'),
    contactTopics: read('contact-topics.json'),
    roles: read('roles.json'),
    responsibilities: read('responsibilities.csv'),
    postalCodes: read('postal-codes.csv'),
    registerMunicipalities: read(REGISTER_FILES.municipalities),
    registerDistricts: read(REGISTER_FILES.districts),
  };
};

export const loadDirectory = (dataDir = DIRECTORY_DATA_DIR): Directory => parseDirectory(readDirectoryFiles(dataDir));
