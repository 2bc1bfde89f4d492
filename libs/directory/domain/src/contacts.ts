import { toCsv } from './csv';
import { isValidOn, type ContactEntry, type ContactTopic, type Directory } from './directory';

const PHONE = /^\+?[0-9][0-9 ()/-]{4,}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What makes a register entry useless to someone who must call at 3 a.m.; each problem names the entry. */
export const contactProblems = (contact: ContactEntry, topics: readonly ContactTopic[]): string[] => {
  const at = `contact ${contact.entryId}`;
  const problems: string[] = [];
  if (!contact.phone && !contact.email) problems.push(`${at}: needs a phone number or an e-mail address`);
  if (contact.phone && !PHONE.test(contact.phone)) problems.push(`${at}: phone ${contact.phone} is not a phone number`);
  if (contact.email && !EMAIL.test(contact.email)) problems.push(`${at}: email ${contact.email} is not an address`);
  if (contact.topics.length === 0) problems.push(`${at}: names no topic`);
  for (const topic of contact.topics)
    if (!topics.some((t) => t.code === topic))
      problems.push(`${at}: topic ${topic} is not in the code list (${topics.map((t) => t.code).join(', ')})`);
  if (contact.validTo !== undefined && contact.validTo <= contact.validFrom)
    problems.push(`${at}: valid_to ${contact.validTo} is not after valid_from ${contact.validFrom}`);
  return problems;
};

/**
 * Whom a recipient can call at an office on a day: its entries in force, ordered by the code list (on-call
 * and duty desk first), so the first line is the one to dial when it is urgent.
 */
export const contactsOf = (
  directory: Directory,
  officeId: string,
  day: string,
  topics: readonly ContactTopic[],
): ContactEntry[] => {
  const rank = (c: ContactEntry) =>
    Math.min(...c.topics.map((t) => topics.findIndex((x) => x.code === t)).filter((i) => i >= 0), 99);
  return directory.contacts
    .filter((c) => c.officeId === officeId && isValidOn(c, day))
    .sort((a, b) => rank(a) - rank(b));
};

export const CONTACTS_HEADER = [
  'entry_id',
  'office_id',
  'name',
  'function',
  'phone',
  'email',
  'topics',
  'valid_from',
  'valid_to',
  'source',
] as const;

/** The register back into contacts.csv, in the column order the loader reads. */
export const contactsCsv = (contacts: readonly ContactEntry[]): string =>
  toCsv(
    CONTACTS_HEADER,
    contacts.map((c) => [
      c.entryId,
      c.officeId,
      c.name,
      c.function ?? '',
      c.phone ?? '',
      c.email ?? '',
      c.topics.join('; '),
      c.validFrom,
      c.validTo ?? '',
      c.source,
    ]),
  );
