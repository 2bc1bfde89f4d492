import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_DIR } from './schema-files';

/** The classes of topic a deletion period applies to; every topic of the catalogue belongs to one. */
export const RETENTION_CLASSES = [
  'ingest',
  'routed',
  'delivery',
  'handoff',
  'dead-letter',
  'audit',
  'redaction-report',
  'directory',
  'operations',
  'canary',
] as const;
export type RetentionClass = (typeof RETENTION_CLASSES)[number];

export interface DeletionPeriod {
  readonly class: RetentionClass;
  /** Whether its records hold event content (personal data), not only ids, codes and hashes. */
  readonly carriesContent: boolean;
  /** Topic retention in days; null keeps records for ever. */
  readonly keepDays: number | null;
  /** How long content should stay readable once it is encrypted per case (ADR 0023). */
  readonly contentReadable: string;
  /**
   * Deliveries only: days a delivery sealed under its own key stays readable after the office accepted it;
   * then the delivery API retires the key. Absent: readable as long as kept.
   */
  readonly readableDaysAfterAcceptance?: number;
  /** Keys of `sources`: why the law lets the bridge keep it this long. */
  readonly legalBasis: readonly string[];
  readonly why: string;
}

export interface DeletionPeriods {
  readonly version: string;
  readonly sources: Readonly<Record<string, string>>;
  readonly classes: readonly DeletionPeriod[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Checks the periods as a data protection officer would: every class once, content kept for a bounded time
 * and with a legal basis, every basis cited from the sources. Throws naming the class and what is wrong.
 */
export const parseDeletionPeriods = (raw: unknown): DeletionPeriods => {
  const file = raw as Partial<DeletionPeriods>;
  if (typeof file.version !== 'string' || !file.sources || !Array.isArray(file.classes))
    throw new Error('deletion periods: version, sources and classes are required');
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const c of file.classes) {
    const where = `class ${String(c.class)}`;
    if (!(RETENTION_CLASSES as readonly string[]).includes(c.class)) problems.push(`${where}: unknown class`);
    if (seen.has(c.class)) problems.push(`${where}: listed twice`);
    seen.add(c.class);
    if (c.keepDays !== null && !(Number.isInteger(c.keepDays) && c.keepDays > 0))
      problems.push(`${where}: keepDays must be a whole number of days above 0, or null`);
    if (c.carriesContent && c.keepDays === null) problems.push(`${where}: content may not be kept for ever`);
    if (c.carriesContent && c.legalBasis.length === 0) problems.push(`${where}: content needs a legal basis`);
    for (const basis of c.legalBasis)
      if (!(basis in file.sources)) problems.push(`${where}: legal basis "${basis}" is not among the sources`);
    if (!c.why?.trim() || !c.contentReadable?.trim()) problems.push(`${where}: why and contentReadable are required`);
    const afterAcceptance = c.readableDaysAfterAcceptance;
    if (afterAcceptance !== undefined) {
      if (c.class !== 'delivery')
        problems.push(`${where}: only deliveries are accepted, so only they have readableDaysAfterAcceptance`);
      else if (
        !Number.isInteger(afterAcceptance) ||
        afterAcceptance < 1 ||
        (c.keepDays !== null && afterAcceptance > c.keepDays)
      )
        problems.push(`${where}: readableDaysAfterAcceptance must be whole days from 1 to keepDays`);
    }
  }
  for (const missing of RETENTION_CLASSES.filter((c) => !seen.has(c))) problems.push(`class ${missing}: missing`);
  if (problems.length > 0) throw new Error(`deletion periods ${file.version}: ${problems.join('; ')}`);
  return file as DeletionPeriods;
};

/** Read once from schemas/ops/deletion-periods.json: periods are data with their legal basis, beside the schemas. */
export const DELETION_PERIODS: DeletionPeriods = parseDeletionPeriods(
  JSON.parse(readFileSync(join(SCHEMA_DIR, 'ops', 'deletion-periods.json'), 'utf8')),
);

export const deletionPeriod = (retentionClass: RetentionClass): DeletionPeriod => {
  const period = DELETION_PERIODS.classes.find((c) => c.class === retentionClass);
  if (!period) throw new Error(`no deletion period for ${retentionClass}`);
  return period;
};

/** A class's topic retention as Kafka's `retention.ms` (-1: for ever). */
export const retentionMsOf = (retentionClass: RetentionClass): number => {
  const days = deletionPeriod(retentionClass).keepDays;
  return days === null ? -1 : days * DAY_MS;
};

/**
 * How long a per-case key must live (ADR 0023): as long as anything sealed under it can still be read back.
 * Ingest and routed records (7 days) and dead letters (30) are sealed under case keys, a letter requeued on
 * its last day goes back to ingest sealed for another 7, and a delivery to an office without an encryption
 * key is sealed for its 90: after the longest of these no topic holds a record the key opens, and the key
 * store drops it. (A delivery's own key is retired sooner, once the office accepted it and its period ran out.)
 */
export const caseKeyLifeMs = (): number =>
  Math.max(retentionMsOf('dead-letter') + retentionMsOf('ingest'), retentionMsOf('delivery'), retentionMsOf('handoff'));

/** How long a sealed delivery stays readable after its office accepted it (undefined: as long as kept). */
export const readableAfterAcceptanceMs = (): number | undefined => {
  const days = deletionPeriod('delivery').readableDaysAfterAcceptance;
  return days === undefined ? undefined : days * DAY_MS;
};
