import { byOccurrence, occurred } from '@ksb/audit-trail';
import type { AuditRecord, DeliveryEscalation } from '@ksb/contracts';
import { describeRule } from '@ksb/routing-rules';
import { REJECTION_REASONS } from './answers';
import { CaseNotFoundError, NotCaseSenderError } from './delivery.errors';

/** What the sender of a case reads about it, step by step (FIT-Connect's event log, in our words). */
export type CaseStatus =
  | 'SUBMITTED'
  | 'REFUSED'
  | 'ROUTED'
  | 'DELIVERED'
  | 'PICKED_UP'
  | 'ACCEPTED'
  | 'REJECTED'
  | 'FORWARDED'
  | 'OVERDUE'
  | 'ESCALATED'
  | 'RESOLVED';

export interface StatusEntry {
  /** The audit record the entry states: unique, and where an auditor finds it in the chain. */
  readonly id: string;
  readonly status: CaseStatus;
  readonly at: string;
  readonly eventId: string | null;
  readonly eventType: string | null;
  /** The office that acted (sent, answered) or that the step concerns (routed to, delivered to). */
  readonly officeId: string | null;
  /** Codes and versions: rule, legal basis, reason code, directory version. */
  readonly details: Readonly<Record<string, string>>;
  /** The step in words, for a caseworker. */
  readonly text: string;
}

const ACKNOWLEDGEMENT = 'acknowledgement';
const ANSWERS: Record<string, CaseStatus> = {
  RECEIVED: 'PICKED_UP',
  ACCEPTED: 'ACCEPTED',
  REJECTED: 'REJECTED',
  FORWARDED: 'FORWARDED',
};

const ruleText = (rule: string | undefined) => (rule ? describeRule(rule)?.text : undefined);
const reasonLabel = (code: string | undefined) =>
  code && code in REJECTION_REASONS ? REJECTION_REASONS[code as keyof typeof REJECTION_REASONS] : code;

const entry = (r: AuditRecord, status: CaseStatus, officeId: string | null, text: string, keep: string[]) => ({
  id: r.auditId,
  status,
  at: occurred(r),
  eventId: r.eventId ?? null,
  eventType: r.eventType ?? null,
  officeId,
  details: Object.fromEntries(keep.filter((k) => r.details[k] !== undefined).map((k) => [k, r.details[k]])),
  text,
});

/** One audit record as a step of the sender's trail; the bridge's inner steps (redaction) are not shown. */
const step = (r: AuditRecord): StatusEntry | undefined => {
  const d = r.details;
  const type = r.eventType ?? 'event';
  switch (r.hop) {
    case 'RECEIVED':
      return entry(r, 'SUBMITTED', r.senderOfficeId ?? null, `${type} received by the bridge`, ['urgency']);
    case 'REJECTED':
      return entry(r, 'REFUSED', null, `not forwarded: ${d.reasonCode ?? 'unknown reason'}`, ['reasonCode']);
    case 'ROUTED':
      if (r.eventType === ACKNOWLEDGEMENT || !r.recipientOfficeId) return undefined;
      return entry(
        r,
        'ROUTED',
        r.recipientOfficeId,
        `to ${r.recipientOfficeId} (${d.legalBasis ?? '?'}): ${ruleText(d.rule) ?? d.rule ?? '?'}`,
        ['rule', 'legalBasis', 'role', 'provisional', 'directoryVersion'],
      );
    case 'DELIVERED':
      if (r.eventType === ACKNOWLEDGEMENT) return undefined;
      return entry(r, 'DELIVERED', r.recipientOfficeId ?? null, `delivered to ${r.recipientOfficeId}`, ['role']);
    case 'ACKNOWLEDGED': {
      const status = ANSWERS[d.status ?? ''];
      if (!status) return undefined;
      const reason = d.reasonCode ? `: ${reasonLabel(d.reasonCode)}` : '';
      return entry(
        r,
        status,
        r.senderOfficeId ?? null,
        `${status.toLowerCase().replace('_', ' ')} by ${r.senderOfficeId}${reason}`,
        ['acknowledgedEventId', 'reasonCode'],
      );
    }
    default:
      return undefined;
  }
};

const escalationWords = (e: DeliveryEscalation) =>
  e.state === 'RESOLVED'
    ? `answered by ${e.recipientOfficeId}: escalation closed`
    : e.level === 1
      ? `${e.recipientOfficeId} has ${e.reason === 'PICKUP_OVERDUE' ? 'not picked it up' : 'not answered'} by ${e.deadline}`
      : `escalated to the second level: ${e.escalateTo ?? 'no contact registered'}`;

/** An escalation (ksb.ops.escalations) as a step of the sender's trail: overdue, escalated or resolved. */
export const escalationStep = (e: DeliveryEscalation): StatusEntry => ({
  id: `${e.escalationId}/${e.state}/${e.level}`,
  status: e.state === 'RESOLVED' ? 'RESOLVED' : e.level === 1 ? 'OVERDUE' : 'ESCALATED',
  at: e.at,
  eventId: e.eventId,
  eventType: e.eventType,
  officeId: e.recipientOfficeId,
  details: { level: String(e.level), reason: e.reason, deadline: e.deadline, policyVersion: e.policyVersion },
  text: escalationWords(e),
});

/**
 * Every case's audit records by case id, as the audit trail is read. The sender's view of a case: only an
 * office that submitted an event in it may read it; another office is refused (it learns nothing but that).
 */
export class CaseTrails {
  private readonly cases = new Map<string, Map<string, AuditRecord>>();
  private readonly extra = new Map<string, Map<string, StatusEntry>>();

  add(record: AuditRecord): void {
    if (!record.correlationId || record.hop === 'CHECKPOINT') return;
    const records = this.cases.get(record.correlationId) ?? new Map<string, AuditRecord>();
    records.set(record.auditId, record);
    this.cases.set(record.correlationId, records);
  }

  /** A step the bridge states itself, beside the audit (deadlines: overdue, escalated, resolved). */
  note(correlationId: string, entry: StatusEntry): void {
    const entries = this.extra.get(correlationId) ?? new Map<string, StatusEntry>();
    entries.set(entry.id, entry);
    this.extra.set(correlationId, entries);
  }

  /** The offices that submitted an event in the case. */
  senders(correlationId: string): ReadonlySet<string> {
    const records = [...(this.cases.get(correlationId)?.values() ?? [])];
    return new Set(
      records.filter((r) => r.hop === 'RECEIVED' && r.senderOfficeId).map((r) => r.senderOfficeId as string),
    );
  }

  /** The cases an office submitted in, newest first, with their latest step: the office's "sent" list. */
  casesOf(officeId: string): { correlationId: string; latest: StatusEntry }[] {
    return [...this.cases.keys()]
      .filter((id) => this.senders(id).has(officeId))
      .map((correlationId) => ({ correlationId, latest: this.trail(correlationId, officeId).at(-1) as StatusEntry }))
      .sort((a, b) => b.latest.at.localeCompare(a.latest.at));
  }

  trail(correlationId: string, officeId: string): StatusEntry[] {
    const records = this.cases.get(correlationId);
    if (!records) throw new CaseNotFoundError(`no case ${correlationId}`);
    if (!this.senders(correlationId).has(officeId))
      throw new NotCaseSenderError(`${officeId} submitted nothing in case ${correlationId}`);
    const steps = [...records.values()].sort(byOccurrence).flatMap((r) => step(r) ?? []);
    const extra = [...(this.extra.get(correlationId)?.values() ?? [])];
    return [...steps, ...extra].sort((a, b) => a.at.localeCompare(b.at));
  }
}
