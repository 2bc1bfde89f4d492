import { hopRank, occurred } from '@ksb/audit-trail';
import type { AuditRecord, DeliveryEscalation } from '@ksb/contracts';
import { describeRule } from '@ksb/routing-rules';
import { REJECTION_REASONS } from './answers';
import { CaseNotFoundError, NotCaseSenderError } from './delivery.errors';
import { StringPool } from './string-pool';

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

/**
 * A step as held: what its entry needs and nothing else of the audit record (no hashes, sequence, sources).
 * The words are made when a sender asks, from the kept codes.
 */
type Step = Omit<StatusEntry, 'text'> & { readonly rank: number };

/** What a caseworker reads for a step: the same sentence whenever it is asked for. */
const words = (s: Omit<Step, 'rank'>): string => {
  const d = s.details;
  switch (s.status) {
    case 'SUBMITTED':
      return `${s.eventType ?? 'event'} received by the bridge`;
    case 'REFUSED':
      return `not forwarded: ${d.reasonCode ?? 'unknown reason'}`;
    case 'ROUTED':
      return `to ${s.officeId} (${d.legalBasis ?? '?'}): ${ruleText(d.rule) ?? d.rule ?? '?'}`;
    case 'DELIVERED':
      return `delivered to ${s.officeId}`;
    default: {
      const reason = d.reasonCode ? `: ${reasonLabel(d.reasonCode)}` : '';
      return `${s.status.toLowerCase().replace('_', ' ')} by ${s.officeId}${reason}`;
    }
  }
};

const held = (
  pool: StringPool,
  r: AuditRecord,
  status: CaseStatus,
  officeId: string | null,
  keep: readonly string[],
): Step => ({
  id: r.auditId,
  rank: hopRank(r.hop),
  status,
  at: occurred(r),
  eventId: r.eventId ?? null,
  eventType: pool.of(r.eventType ?? null),
  officeId: pool.of(officeId),
  details: Object.fromEntries(
    // Acknowledged event ids are one per answer; the rest are code-list values and versions, few and repeated.
    keep
      .filter((k) => r.details[k] !== undefined)
      .map((k) => [k, k.endsWith('Id') ? r.details[k] : pool.of(r.details[k])]),
  ),
});

/** One audit record as a step of the sender's trail; the bridge's inner steps (redaction) are not shown. */
const step = (pool: StringPool, r: AuditRecord): Step | undefined => {
  const d = r.details;
  switch (r.hop) {
    case 'RECEIVED':
      return held(pool, r, 'SUBMITTED', r.senderOfficeId ?? null, ['urgency']);
    case 'REJECTED':
      return held(pool, r, 'REFUSED', null, ['reasonCode']);
    case 'ROUTED':
      if (r.eventType === ACKNOWLEDGEMENT || !r.recipientOfficeId) return undefined;
      return held(pool, r, 'ROUTED', r.recipientOfficeId, [
        'rule',
        'legalBasis',
        'role',
        'provisional',
        'directoryVersion',
      ]);
    case 'DELIVERED':
      if (r.eventType === ACKNOWLEDGEMENT) return undefined;
      return held(pool, r, 'DELIVERED', r.recipientOfficeId ?? null, ['role']);
    case 'ACKNOWLEDGED': {
      const status = ANSWERS[d.status ?? ''];
      return status
        ? held(pool, r, status, r.senderOfficeId ?? null, ['acknowledgedEventId', 'reasonCode'])
        : undefined;
    }
    default:
      return undefined;
  }
};

const inOrder = (a: Step, b: Step) => a.at.localeCompare(b.at) || a.rank - b.rank || a.id.localeCompare(b.id);
const entryOf = ({ rank: _rank, ...s }: Step): StatusEntry => ({ ...s, text: words(s) });

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
 * A case as the API holds it: who submitted in it, and its steps. Arrays, not maps: a case has a handful of
 * steps, and a map's table weighs more than the steps themselves.
 */
interface HeldCase {
  readonly senders: string[];
  readonly steps: Step[];
}

/**
 * Every case's steps by case id, as the audit trail is read. The sender's view of a case: only an office that
 * submitted an event in it may read it; another office is refused (it learns nothing but that). It keeps the
 * steps, not the audit records: the API reads the whole trail at every start and holds it for the trail's
 * retention, and an audit record weighs several times its step (bench:delivery-memory, ADR 0015).
 */
export class CaseTrails {
  private readonly cases = new Map<string, HeldCase>();
  private readonly extra = new Map<string, Map<string, StatusEntry>>();
  private readonly pool = new StringPool();

  add(record: AuditRecord): void {
    if (!record.correlationId || record.hop === 'CHECKPOINT') return;
    let held = this.cases.get(record.correlationId);
    if (!held) {
      held = { senders: [], steps: [] };
      this.cases.set(record.correlationId, held);
    }
    const sender = record.hop === 'RECEIVED' ? record.senderOfficeId : null;
    if (sender && !held.senders.includes(sender)) held.senders.push(this.pool.of(sender));
    // A re-read of the trail (a restart, a rebalance) brings the same audit ids again.
    if (held.steps.some((s) => s.id === record.auditId)) return;
    const kept = step(this.pool, record);
    if (!kept) return;
    // One event's steps name it alike: one copy of its id per case.
    const sameEvent = held.steps.find((s) => s.eventId === kept.eventId)?.eventId;
    held.steps.push(sameEvent === undefined ? kept : { ...kept, eventId: sameEvent });
  }

  /** How many cases it holds a trail of. */
  get size(): number {
    return this.cases.size;
  }

  /** A step the bridge states itself, beside the audit (deadlines: overdue, escalated, resolved). */
  note(correlationId: string, entry: StatusEntry): void {
    const entries = this.extra.get(correlationId) ?? new Map<string, StatusEntry>();
    entries.set(entry.id, entry);
    this.extra.set(correlationId, entries);
  }

  /** The offices that submitted an event in the case. */
  senders(correlationId: string): ReadonlySet<string> {
    return new Set(this.cases.get(correlationId)?.senders);
  }

  /** The cases an office submitted in, newest first, with their latest step: the office's "sent" list. */
  casesOf(officeId: string): { correlationId: string; latest: StatusEntry }[] {
    return [...this.cases]
      .filter(([, held]) => held.senders.includes(officeId))
      .map(([correlationId]) => ({
        correlationId,
        latest: this.trail(correlationId, officeId).at(-1) as StatusEntry,
      }))
      .sort((a, b) => b.latest.at.localeCompare(a.latest.at));
  }

  trail(correlationId: string, officeId: string): StatusEntry[] {
    const held = this.cases.get(correlationId);
    if (!held) throw new CaseNotFoundError(`no case ${correlationId}`);
    if (!held.senders.includes(officeId))
      throw new NotCaseSenderError(`${officeId} submitted nothing in case ${correlationId}`);
    const steps = [...held.steps].sort(inOrder).map(entryOf);
    const extra = [...(this.extra.get(correlationId)?.values() ?? [])];
    return [...steps, ...extra].sort((a, b) => a.at.localeCompare(b.at));
  }
}
