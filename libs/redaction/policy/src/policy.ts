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
  /** Why the condition is what the law asks for (shown to reviewers and in reports). */
  readonly why?: string;
}

export interface PolicyEntry {
  readonly sender: OfficeRole;
  readonly recipient: OfficeRole;
  readonly eventType: string;
  readonly legalBasis: string;
  readonly classes: Readonly<Record<string, ClassDecision>>;
}

export interface RedactionPolicy {
  readonly version: string;
  readonly vocabulary: { readonly name: string; readonly version: number };
  readonly entries: readonly PolicyEntry[];
}

/** The law's maximum per direction and class (legal-ceiling.json, from the redaction table). */
export type LegalCeiling = Readonly<Record<string, Readonly<Record<string, Decision>>>>;

export const RANK: Record<Decision, number> = { NEVER: 0, MANUAL: 1, CONDITIONAL: 2, ALLOW: 3 };

export const directionOf = (sender: OfficeRole, recipient: OfficeRole) => `${sender}->${recipient}`;

/** Default deny: no entry for the pair and type means nothing crosses. */
export const findEntry = (policy: RedactionPolicy, sender: OfficeRole, recipient: OfficeRole, eventType: string) =>
  policy.entries.find((e) => e.sender === sender && e.recipient === recipient && e.eventType === eventType);

/** A class the entry does not decide is NEVER: a class added to the vocabulary later never crosses by accident. */
export const decisionFor = (entry: PolicyEntry, fieldClass: string): ClassDecision =>
  entry.classes[fieldClass] ?? { decision: 'NEVER' };
