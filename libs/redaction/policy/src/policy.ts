import type { OfficeRole } from '@ksb/contracts';

export type Decision = 'ALLOW' | 'CONDITIONAL' | 'MANUAL' | 'NEVER';

/** A condition the event must state: a field equals a value, is present, or combinations. */
export type Condition =
  | { readonly field: string; readonly equals: string | boolean }
  | { readonly field: string; readonly present: true }
  | { readonly allOf: readonly Condition[] }
  | { readonly anyOf: readonly Condition[] };

export interface ClassDecision {
  readonly decision: Decision;
  readonly condition?: Condition;
  /**
   * Only these fields of the class's holder cross (e.g. § 68 SGB X: identity and whereabouts, not custody
   * status); every other field under the holder is never sent. Absent: the whole holder crosses.
   */
  readonly only?: readonly string[];
  /** Why the condition is what the law asks for (shown to reviewers and in reports). */
  readonly why?: string;
}

export interface PolicyEntry {
  readonly sender: OfficeRole;
  readonly recipient: OfficeRole;
  readonly eventType: string;
  /** The legal-basis code the entry applies to (code list ksb-legal-basis); see RedactionPolicy.basisOf. */
  readonly basis: string;
  /** The law behind the basis, in words (shown to reviewers, in reports and view docs). */
  readonly legalBasis: string;
  /** Suffix of the view record name where one event type reaches one role under several bases. */
  readonly view?: string;
  readonly classes: Readonly<Record<string, ClassDecision>>;
}

/** Where an event type states its legal basis: a field of the event, or one basis for every event of the type. */
export type BasisSource = { readonly field: string } | { readonly fixed: string };

export interface RedactionPolicy {
  readonly version: string;
  readonly vocabulary: { readonly name: string; readonly version: number };
  readonly basisOf: Readonly<Record<string, BasisSource>>;
  readonly entries: readonly PolicyEntry[];
}

/** The law's maximum for one class under one basis: a decision, optionally only some fields of the holder. */
export type CeilingLimit = Decision | { readonly max: Decision; readonly only: readonly string[] };

export interface BasisCeiling {
  readonly law: string;
  readonly classes: Readonly<Record<string, CeilingLimit>>;
}

/** The law's maximum per direction, legal basis and class (legal-ceiling.json, from the redaction table). */
export type LegalCeiling = Readonly<Record<string, Readonly<Record<string, BasisCeiling>>>>;

export const limitOf = (limit: CeilingLimit | undefined): { max: Decision; only?: readonly string[] } =>
  limit === undefined ? { max: 'NEVER' } : typeof limit === 'string' ? { max: limit } : limit;

export const RANK: Record<Decision, number> = { NEVER: 0, MANUAL: 1, CONDITIONAL: 2, ALLOW: 3 };

export const directionOf = (sender: OfficeRole, recipient: OfficeRole) => `${sender}->${recipient}`;

/** The basis an event is disclosed under; undefined when the type has none or the event does not state it. */
export const basisOfEvent = (policy: RedactionPolicy, eventType: string, event: unknown): string | undefined => {
  const source = policy.basisOf[eventType];
  if (!source) return undefined;
  if ('fixed' in source) return source.fixed;
  const value = (event as Record<string, unknown> | null)?.[source.field];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/** Default deny: no entry for the pair, type and basis means nothing crosses (and the event is dead-lettered). */
export const findEntry = (
  policy: RedactionPolicy,
  sender: OfficeRole,
  recipient: OfficeRole,
  eventType: string,
  basis: string,
) =>
  policy.entries.find(
    (e) => e.sender === sender && e.recipient === recipient && e.eventType === eventType && e.basis === basis,
  );

/** A class the entry does not decide is NEVER: a class added to the vocabulary later never crosses by accident. */
export const decisionFor = (entry: PolicyEntry, fieldClass: string): ClassDecision =>
  entry.classes[fieldClass] ?? { decision: 'NEVER' };
