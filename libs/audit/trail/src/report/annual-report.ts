import type { AuditRecord } from '@ksb/contracts';

export interface ReportOptions {
  readonly year: number;
  /** Only events this office sent or had delivered. */
  readonly office?: string;
  /** Counts from 1 to minCell − 1 are shown as "< minCell" (default 3), as official statistics do. */
  readonly minCell?: number;
}

/** A count, or the fact that it was suppressed because it is small enough to point to a person. */
export type Cell = { readonly count: number } | { readonly suppressed: true };

export interface CountTable {
  readonly title: string;
  readonly column: string;
  readonly rows: readonly { readonly key: string; readonly cells: Readonly<Record<string, Cell>> }[];
  readonly columns: readonly string[];
}

export interface DurationRow {
  readonly key: string;
  readonly n: Cell;
  /** Minutes; absent when n is suppressed. */
  readonly medianMinutes?: number;
  readonly p90Minutes?: number;
}

export interface AnnualReport {
  readonly year: number;
  readonly office?: string;
  readonly minCell: number;
  readonly events: number;
  readonly tables: readonly CountTable[];
  readonly acknowledgementTimes: readonly DurationRow[];
}

const MONTHS = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'];

const occurredAt = (r: AuditRecord): string => r.details.occurredAt ?? r.recordedAt;

const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

/**
 * Suppresses small counts, and where a row would then have exactly one suppressed cell, also its smallest
 * other non-zero cell (secondary suppression), so the row total does not give the small count away.
 */
const suppress = (counts: Record<string, number>, minCell: number): Record<string, Cell> => {
  const small = (n: number) => n > 0 && n < minCell;
  const cells: Record<string, Cell> = {};
  for (const [k, n] of Object.entries(counts)) cells[k] = small(n) ? { suppressed: true } : { count: n };
  const hidden = Object.values(counts).filter(small).length;
  if (hidden === 1) {
    const next = Object.entries(counts)
      .filter(([, n]) => n >= minCell)
      .sort(([, a], [, b]) => a - b)[0];
    if (next) cells[next[0]] = { suppressed: true };
  }
  return cells;
};

const table = (
  title: string,
  column: string,
  counts: Map<string, Record<string, number>>,
  columns: readonly string[],
  minCell: number,
): CountTable => ({
  title,
  column,
  columns,
  rows: [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, row]) => ({
      key,
      cells: suppress(Object.fromEntries(columns.map((c) => [c, row[c] ?? 0])), minCell),
    })),
});

const bump = (counts: Map<string, Record<string, number>>, key: string, column: string) => {
  const row = counts.get(key) ?? {};
  row[column] = (row[column] ?? 0) + 1;
  counts.set(key, row);
};

/**
 * Statistics for the cooperation agreements' annual activity report, from the audit trail alone: the
 * trail holds office ids and code-list values, never personal data, so neither can this report. An event
 * counts in the year its receipt was recorded; canary probes never enter the trail.
 */
export const annualReport = (records: Iterable<AuditRecord>, options: ReportOptions): AnnualReport => {
  const minCell = options.minCell ?? 3;
  const inYear = (r: AuditRecord) => occurredAt(r).startsWith(`${options.year}-`);
  const received = new Map<string, AuditRecord>();
  const deliveries = new Map<string, Set<string>>();
  const acknowledgements = new Map<string, AuditRecord>();
  const rejected: AuditRecord[] = [];
  const erased: AuditRecord[] = [];
  for (const r of records) {
    if (r.hop === 'RECEIVED' && r.eventId && inYear(r) && !received.has(r.eventId)) received.set(r.eventId, r);
    if (r.hop === 'DELIVERED' && r.eventId && r.recipientOfficeId)
      deliveries.set(r.eventId, (deliveries.get(r.eventId) ?? new Set()).add(r.recipientOfficeId));
    const answered = r.details.acknowledgedEventId;
    if (r.hop === 'ACKNOWLEDGED' && answered) {
      const first = acknowledgements.get(answered);
      if (!first || occurredAt(r) < occurredAt(first)) acknowledgements.set(answered, r);
    }
    if (r.hop === 'REJECTED' && inYear(r)) rejected.push(r);
    // A repeated run destroyed nothing new: one erasure per case and year.
    if (r.hop === 'ERASED' && r.details.repeated !== 'true' && inYear(r)) erased.push(r);
  }
  const concerns = (e: AuditRecord) =>
    !options.office || e.senderOfficeId === options.office || deliveries.get(e.eventId ?? '')?.has(options.office);
  const events = [...received.values()].filter(concerns);

  const perOffice = new Map<string, Record<string, number>>();
  const perCategory = new Map<string, Record<string, number>>();
  const perUrgency = new Map<string, Record<string, number>>();
  const perMonth = new Map<string, Record<string, number>>();
  const durations = new Map<string, number[]>();
  for (const e of events) {
    const type = e.eventType ?? 'unknown';
    bump(perOffice, e.senderOfficeId ?? 'unknown', 'sent');
    for (const office of deliveries.get(e.eventId ?? '') ?? []) bump(perOffice, office, 'received');
    bump(perCategory, e.details.category ?? 'not stated', type);
    bump(perUrgency, e.details.urgency ?? 'not stated', type);
    bump(perMonth, occurredAt(e).slice(5, 7), type);
    const ack = acknowledgements.get(e.eventId ?? '');
    if (ack) {
      const minutes = (Date.parse(occurredAt(ack)) - Date.parse(occurredAt(e))) / 60_000;
      durations.set(type, [...(durations.get(type) ?? []), minutes]);
    }
  }
  for (const m of MONTHS) if (!perMonth.has(m)) perMonth.set(m, {});
  const types = [...new Set(events.map((e) => e.eventType ?? 'unknown'))].sort();
  const reasons = new Map<string, Record<string, number>>();
  for (const r of rejected) bump(reasons, r.details.reasonCode ?? 'UNKNOWN', 'rejected');
  // Erasures of cases the office took part in, or all of them; by the provision that required each.
  const cases = new Set(events.map((e) => e.correlationId));
  const erasures = new Map<string, Record<string, number>>();
  for (const m of MONTHS) erasures.set(m, {});
  const erasedCases = erased.filter((r) => !options.office || cases.has(r.correlationId));
  const provisions = [...new Set(erasedCases.map((r) => r.details.legalBasis ?? 'not stated'))].sort();
  for (const r of erasedCases) bump(erasures, occurredAt(r).slice(5, 7), r.details.legalBasis ?? 'not stated');

  return {
    year: options.year,
    office: options.office,
    minCell,
    events: events.length,
    tables: [
      table('Events per office', 'office', perOffice, ['sent', 'received'], minCell),
      table('Events per trigger category', 'category', perCategory, types, minCell),
      table('Events per urgency', 'urgency', perUrgency, types, minCell),
      table('Events per month', 'month', perMonth, types, minCell),
      table('Rejected messages per reason', 'reason', reasons, ['rejected'], minCell),
      // Without erasures, one column of zeros: the report says there were none rather than leaving a gap.
      table(
        'Cases erased per month (ksb case erase)',
        'month',
        erasures,
        provisions.length ? provisions : ['erased'],
        minCell,
      ),
    ],
    acknowledgementTimes: [...durations.entries()].sort().map(([key, values]) => {
      const sorted = [...values].sort((a, b) => a - b);
      if (sorted.length < minCell) return { key, n: { suppressed: true } };
      const round = (n: number) => Math.round(n * 10) / 10;
      return {
        key,
        n: { count: sorted.length },
        medianMinutes: round(quantile(sorted, 0.5)),
        p90Minutes: round(quantile(sorted, 0.9)),
      };
    }),
  };
};
