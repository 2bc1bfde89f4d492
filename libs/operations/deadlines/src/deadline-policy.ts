import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A period: seconds (tests, drills), minutes, or working days (Monday to Friday). */
export type Period = { readonly seconds: number } | { readonly minutes: number } | { readonly workingDays: number };

export interface DeadlineRule {
  readonly eventType: string;
  /** An urgency code (ksb-urgency) or "*" for any. */
  readonly urgency: string;
  readonly pickupWithin: Period;
  readonly decisionWithin: Period;
  /** After level 1 was raised, how long until the second level. */
  readonly secondLevelAfter: Period;
  readonly basis: string;
}

export interface DeadlinePolicy {
  readonly version: string;
  readonly rules: readonly DeadlineRule[];
}

export class DeadlinePolicyError extends Error {
  readonly code = 'DEADLINE_POLICY_INVALID';
}

const DAY_MS = 86_400_000;

/** The moment a period after `from` ends; working days skip Saturday and Sunday (UTC). */
export const periodEnd = (from: number, period: Period): number => {
  if ('seconds' in period) return from + period.seconds * 1000;
  if ('minutes' in period) return from + period.minutes * 60_000;
  let at = from;
  for (let left = period.workingDays; left > 0;) {
    at += DAY_MS;
    const day = new Date(at).getUTCDay();
    if (day !== 0 && day !== 6) left--;
  }
  return at;
};

const checkPeriod = (value: unknown, where: string): Period => {
  const p = (value ?? {}) as Record<string, unknown>;
  const keys = Object.keys(p);
  const [unit] = keys;
  if (keys.length !== 1 || !['seconds', 'minutes', 'workingDays'].includes(unit))
    throw new DeadlinePolicyError(`${where}: one of seconds, minutes, workingDays`);
  if (typeof p[unit] !== 'number' || !((p[unit] as number) > 0))
    throw new DeadlinePolicyError(`${where}.${unit}: a positive number`);
  return p as Period;
};

/** Checks the policy entry by entry; a broken one is refused by its place, never half-applied. */
export const parseDeadlinePolicy = (json: unknown): DeadlinePolicy => {
  const raw = (json ?? {}) as { version?: unknown; rules?: unknown };
  if (typeof raw.version !== 'string' || !raw.version) throw new DeadlinePolicyError('version: a non-empty string');
  if (!Array.isArray(raw.rules)) throw new DeadlinePolicyError('rules: an array');
  const rules = raw.rules.map((r: Record<string, unknown>, i: number): DeadlineRule => {
    const where = `rules[${i}]`;
    for (const field of ['eventType', 'urgency', 'basis'])
      if (typeof r[field] !== 'string' || !r[field])
        throw new DeadlinePolicyError(`${where}.${field}: a non-empty string`);
    return {
      eventType: r.eventType as string,
      urgency: r.urgency as string,
      basis: r.basis as string,
      pickupWithin: checkPeriod(r.pickupWithin, `${where}.pickupWithin`),
      decisionWithin: checkPeriod(r.decisionWithin, `${where}.decisionWithin`),
      secondLevelAfter: checkPeriod(r.secondLevelAfter, `${where}.secondLevelAfter`),
    };
  });
  return { version: raw.version, rules };
};

export const DEFAULT_DEADLINE_POLICY_FILE = join(__dirname, '..', 'data', 'deadline-policy.json');

export const loadDeadlinePolicy = (file = DEFAULT_DEADLINE_POLICY_FILE): DeadlinePolicy =>
  parseDeadlinePolicy(JSON.parse(readFileSync(file, 'utf8')) as unknown);

/** The rule for a delivery: the exact urgency first, then "*"; none means the delivery has no deadline. */
export const ruleFor = (policy: DeadlinePolicy, eventType: string, urgency: string | null): DeadlineRule | undefined =>
  policy.rules.find((r) => r.eventType === eventType && r.urgency === urgency) ??
  policy.rules.find((r) => r.eventType === eventType && r.urgency === '*');
