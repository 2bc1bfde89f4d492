import { ACKNOWLEDGEMENT } from './route-event';

/** What the bridge routed: one event, its case, who sent it and to whom it goes. */
export interface RoutedFact {
  readonly eventId: string;
  readonly correlationId: string;
  readonly senderOfficeId: string;
  readonly recipientOfficeIds: readonly string[];
}

/**
 * The cases the bridge has carried, from its own routing decisions: which offices take part in a case
 * (sent or received in it) and who sent and received each event. Recording the same fact twice changes
 * nothing, so it can be rebuilt by reading the routed topics again.
 */
export class CaseRegister {
  private readonly events = new Map<string, RoutedFact>();
  private readonly participants = new Map<string, Set<string>>();

  record(fact: RoutedFact): void {
    this.events.set(fact.eventId, fact);
    const offices = this.participants.get(fact.correlationId) ?? new Set<string>();
    offices.add(fact.senderOfficeId);
    fact.recipientOfficeIds.forEach((o) => offices.add(o));
    this.participants.set(fact.correlationId, offices);
  }

  event(eventId: string): RoutedFact | undefined {
    return this.events.get(eventId);
  }

  /** The offices of a case, or undefined for a case the bridge has not carried. */
  caseOffices(correlationId: string): ReadonlySet<string> | undefined {
    return this.participants.get(correlationId);
  }

  get size(): number {
    return this.events.size;
  }
}

export type CaseProblemCode =
  | 'CASE_NOT_SENDERS'
  | 'CAUSATION_OTHER_CASE'
  | 'ACKNOWLEDGED_EVENT_UNKNOWN'
  | 'ACKNOWLEDGEMENT_NOT_FROM_RECIPIENT'
  | 'ACKNOWLEDGEMENT_WRONG_ORIGINAL_SENDER';

export interface CaseProblem {
  readonly code: CaseProblemCode;
  readonly explanation: string;
}

interface Enveloped {
  readonly envelope: { senderOfficeId: string; correlationId: string; causationId?: string | null };
  readonly acknowledgedEventId?: string;
  readonly originalSenderOfficeId?: string;
}

/**
 * Whether an event may continue the case it names. A sender picks its correlation and causation ids, so
 * without this check anyone could attach an event to another office's case, and an acknowledgement could be
 * sent to any office. Rules: a known case only from one of its offices; a known causing event only from the
 * same case (an unknown one is another system's reference and links nothing); an acknowledgement only of an
 * event the bridge routed to its sender, and only back to that event's sender.
 */
export const caseProblem = (register: CaseRegister, recordName: string, event: unknown): CaseProblem | undefined => {
  const { envelope, acknowledgedEventId, originalSenderOfficeId } = event as Enveloped;
  const sender = envelope.senderOfficeId;
  const offices = register.caseOffices(envelope.correlationId);
  if (offices && !offices.has(sender))
    return {
      code: 'CASE_NOT_SENDERS',
      explanation: `correlationId ${envelope.correlationId} is a case ${sender} takes no part in`,
    };
  const cause = envelope.causationId ? register.event(envelope.causationId) : undefined;
  if (cause && cause.correlationId !== envelope.correlationId)
    return {
      code: 'CAUSATION_OTHER_CASE',
      explanation: `causationId ${cause.eventId} belongs to another case than correlationId ${envelope.correlationId}`,
    };
  if (recordName !== ACKNOWLEDGEMENT) return undefined;
  const acknowledged = register.event(acknowledgedEventId ?? '');
  if (!acknowledged)
    return {
      code: 'ACKNOWLEDGED_EVENT_UNKNOWN',
      explanation: `acknowledgedEventId ${acknowledgedEventId} is no event the bridge routed`,
    };
  if (!acknowledged.recipientOfficeIds.includes(sender))
    return {
      code: 'ACKNOWLEDGEMENT_NOT_FROM_RECIPIENT',
      explanation: `${sender} did not receive event ${acknowledged.eventId}`,
    };
  if (originalSenderOfficeId !== acknowledged.senderOfficeId)
    return {
      code: 'ACKNOWLEDGEMENT_WRONG_ORIGINAL_SENDER',
      explanation: `event ${acknowledged.eventId} was sent by ${acknowledged.senderOfficeId}, not ${originalSenderOfficeId}`,
    };
  return undefined;
};
