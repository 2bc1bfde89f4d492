import type { AuditRecord, DeliveryEscalation } from '@ksb/contracts';
import { periodEnd, ruleFor, type DeadlinePolicy } from './deadline-policy';

interface EventFacts {
  eventType: string;
  urgency: string | null;
  correlationId: string;
  senderOfficeId: string | null;
}

interface DeliveryState {
  readonly eventId: string;
  readonly recipientOfficeId: string;
  readonly deliveredAt: number;
  pickedUp: boolean;
  answered: boolean;
  readonly escalations: DeliveryEscalation[];
}

const ACKNOWLEDGEMENT = 'acknowledgement';
const DECISIONS = new Set(['ACCEPTED', 'REJECTED', 'FORWARDED']);
const at = (r: AuditRecord) => Date.parse(r.details.occurredAt ?? r.recordedAt);
const key = (recipient: string, eventId: string) => `${recipient}:${eventId}`;

/**
 * Which deliveries are past their deadline, from what the bridge recorded: deliveries, pickups and answers as
 * the audit trail has them, and the escalations already raised as the escalation topic has them. Level 1 is
 * raised once, when the pickup or the answer is overdue; level 2 once, if it is still open the policy's time
 * later; both are resolved once, by the answer. An escalation read back is never raised again, so a restarted
 * watch continues where the last one stopped.
 */
export class DeadlineWatch {
  private readonly events = new Map<string, EventFacts>();
  private readonly deliveries = new Map<string, DeliveryState>();

  constructor(
    private readonly policy: DeadlinePolicy,
    private readonly escalateTo: (recipientOfficeId: string, at: Date) => string,
  ) {}

  observe(r: AuditRecord): void {
    if (r.hop === 'RECEIVED' && r.eventId && r.eventType !== ACKNOWLEDGEMENT)
      this.events.set(r.eventId, {
        eventType: r.eventType ?? '',
        urgency: r.details.urgency ?? null,
        correlationId: r.correlationId ?? '',
        senderOfficeId: r.senderOfficeId ?? null,
      });
    if (r.hop === 'DELIVERED' && r.eventId && r.recipientOfficeId && r.eventType !== ACKNOWLEDGEMENT)
      this.delivery(r.recipientOfficeId, r.eventId, at(r));
    if (r.hop === 'ACKNOWLEDGED' && r.senderOfficeId && r.details.acknowledgedEventId) {
      const state = this.delivery(r.senderOfficeId, r.details.acknowledgedEventId);
      if (r.details.status === 'RECEIVED') state.pickedUp = true;
      if (DECISIONS.has(r.details.status ?? '')) state.answered = true;
    }
  }

  /** An escalation from the topic (the watch's own, or an earlier instance's). */
  recall(escalation: DeliveryEscalation): void {
    const state = this.delivery(escalation.recipientOfficeId, escalation.eventId, Date.parse(escalation.deliveredAt));
    const same = (e: DeliveryEscalation) => e.state === escalation.state && e.level === escalation.level;
    if (!state.escalations.some(same)) state.escalations.push(escalation);
  }

  /** What is to be raised or resolved now; the caller publishes each and hands it back through `recall`. */
  due(now: number): DeliveryEscalation[] {
    const due: DeliveryEscalation[] = [];
    for (const state of this.deliveries.values()) {
      const facts = this.events.get(state.eventId);
      const rule = facts && Number.isFinite(state.deliveredAt) && ruleFor(this.policy, facts.eventType, facts.urgency);
      if (!facts || !rule) continue;
      const raised = state.escalations.filter((e) => e.state === 'RAISED');
      const resolved = state.escalations.some((e) => e.state === 'RESOLVED');
      const level1 = raised.find((e) => e.level === 1);
      const base = { facts, state, now, policyVersion: this.policy.version };
      if (resolved) continue;
      if (state.answered) {
        const level = Math.max(...raised.map((e) => e.level));
        if (level1) due.push(escalation(base, 'RESOLVED', level, 'ANSWERED', Date.parse(level1.deadline)));
        continue;
      }
      const pickupDeadline = periodEnd(state.deliveredAt, rule.pickupWithin);
      const decisionDeadline = periodEnd(state.deliveredAt, rule.decisionWithin);
      const reason = !state.pickedUp && now >= pickupDeadline ? 'PICKUP_OVERDUE' : 'DECISION_OVERDUE';
      const deadline = reason === 'PICKUP_OVERDUE' ? pickupDeadline : decisionDeadline;
      if (!level1) {
        if (now >= deadline) due.push(escalation(base, 'RAISED', 1, reason, deadline));
      } else if (!raised.some((e) => e.level === 2)) {
        const second = periodEnd(Date.parse(level1.at), rule.secondLevelAfter);
        if (now >= second)
          due.push({
            ...escalation(base, 'RAISED', 2, reason, second),
            escalateTo: this.escalateTo(state.recipientOfficeId, new Date(now)),
          });
      }
    }
    return due;
  }

  /** Raised and not resolved: what the dashboard shows. */
  open(): DeliveryEscalation[] {
    return [...this.deliveries.values()].flatMap((s) => {
      if (s.escalations.some((e) => e.state === 'RESOLVED')) return [];
      const raised = s.escalations.filter((e) => e.state === 'RAISED').sort((a, b) => b.level - a.level);
      return raised.slice(0, 1);
    });
  }

  private delivery(recipient: string, eventId: string, deliveredAt = Number.NaN): DeliveryState {
    const k = key(recipient, eventId);
    const known = this.deliveries.get(k);
    if (known) {
      // An answer or an escalation can be read before the delivery itself: the delivery time comes later.
      if (!Number.isFinite(known.deliveredAt) && Number.isFinite(deliveredAt)) {
        const filled = { ...known, deliveredAt };
        this.deliveries.set(k, filled);
        return filled;
      }
      return known;
    }
    const state: DeliveryState = {
      eventId,
      recipientOfficeId: recipient,
      deliveredAt,
      pickedUp: false,
      answered: false,
      escalations: [],
    };
    this.deliveries.set(k, state);
    return state;
  }
}

const escalation = (
  base: { facts: EventFacts; state: DeliveryState; now: number; policyVersion: string },
  state: 'RAISED' | 'RESOLVED',
  level: number,
  reason: string,
  deadline: number,
): DeliveryEscalation => ({
  escalationId: key(base.state.recipientOfficeId, base.state.eventId),
  state,
  level,
  reason,
  eventId: base.state.eventId,
  correlationId: base.facts.correlationId,
  eventType: base.facts.eventType,
  urgency: base.facts.urgency,
  recipientOfficeId: base.state.recipientOfficeId,
  senderOfficeId: base.facts.senderOfficeId,
  deliveredAt: new Date(base.state.deliveredAt).toISOString(),
  deadline: new Date(deadline).toISOString(),
  at: new Date(base.now).toISOString(),
  escalateTo: null,
  policyVersion: base.policyVersion,
});
