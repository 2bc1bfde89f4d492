import { derivedEventId } from '@ksb/contracts';
import type { Delivery } from './inbox';
import { AlreadyAnsweredError, InvalidAnswerError, NotAnswerableError } from './delivery.errors';

/**
 * Why an office turns a delivery down: code list ksb-reject-reason v1. The code crosses to the sender and
 * into the audit trail; the labels are what the inbox shows (German, as the caseworker reads them).
 */
export const REJECTION_REASONS = {
  NOT_RESPONSIBLE: 'Nicht zuständig (örtlich oder sachlich)',
  INCOMPLETE: 'Angaben unvollständig, Rückfrage nötig',
  ALREADY_KNOWN: 'Fall bereits bekannt und bearbeitet',
  NOT_CHILD_PROTECTION: 'Kein Kinderschutzbezug',
  OTHER: 'Anderer Grund (siehe Text)',
} as const;
export type RejectionReason = keyof typeof REJECTION_REASONS;

/** The free text travels to the sender: short, and never a place for case content. */
export const MAX_REJECTION_TEXT = 300;

/** What the bridge records about a delivery's answers: picked up (RECEIVED), then ACCEPTED or REJECTED. */
export type AnswerStatus = 'RECEIVED' | 'ACCEPTED' | 'REJECTED';
export type Decision = Exclude<AnswerStatus, 'RECEIVED'>;

/** One acknowledgement as published on the ingest topic (ours or another client's). */
export interface RecordedAnswer {
  readonly eventId: string;
  readonly senderOfficeId: string;
  readonly acknowledgedEventId: string;
  readonly status: string;
  readonly reason: string | null;
  readonly at: string;
}

export interface DeliveryAnswers {
  readonly pickedUp?: RecordedAnswer;
  readonly decision?: RecordedAnswer;
}

/** The acknowledgement to publish for a delivery, as the office (its sender) would have written it. */
export interface Acknowledgement {
  readonly eventId: string;
  readonly senderOfficeId: string;
  readonly content: {
    readonly envelope: { eventId: string; correlationId: string; causationId: string };
    readonly acknowledgedEventId: string;
    readonly originalSenderOfficeId: string;
    readonly status: AnswerStatus;
    readonly reason: string | null;
    readonly responsibleOffice: null;
    readonly outcomeDetails: null;
  };
}

export type AnswerRequest =
  | { readonly decision: 'ACCEPTED' }
  | { readonly decision: 'REJECTED'; readonly reasonCode: RejectionReason; readonly text?: string };

const key = (officeId: string, sourceEventId: string) => `${officeId}\n${sourceEventId}`;
// eslint-disable-next-line no-control-regex -- the point: refuse line breaks and control characters
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Reads a reject body: a declared reason code, and optional short text without control characters. */
export const parseRejection = (body: unknown): AnswerRequest => {
  const { reasonCode, text } = (body ?? {}) as { reasonCode?: unknown; text?: unknown };
  if (typeof reasonCode !== 'string' || !(reasonCode in REJECTION_REASONS))
    throw new InvalidAnswerError(`reasonCode must be one of ${Object.keys(REJECTION_REASONS).join(', ')}`);
  if (text !== undefined && text !== null) {
    if (typeof text !== 'string' || text.length > MAX_REJECTION_TEXT || CONTROL.test(text))
      throw new InvalidAnswerError(`text must be at most ${MAX_REJECTION_TEXT} characters on one line`);
    if (text.trim()) return { decision: 'REJECTED', reasonCode: reasonCode as RejectionReason, text: text.trim() };
  }
  return { decision: 'REJECTED', reasonCode: reasonCode as RejectionReason };
};

const reasonText = (request: AnswerRequest): string | null =>
  request.decision === 'REJECTED'
    ? request.text
      ? `${request.reasonCode}: ${request.text}`
      : request.reasonCode
    : null;

/** The reason code of a recorded rejection ("CODE" or "CODE: text"). */
export const reasonCodeOf = (reason: string | null): string | null => (reason ? reason.split(':')[0].trim() : null);

/**
 * What each office answered to each delivery, from the acknowledgements on the ingest topic. The ids of the
 * bridge's own acknowledgements derive from the office and the acknowledged event, so answering twice (a
 * retried request, a restarted API, a second instance) publishes the same event, and the topic read back at
 * start tells a restarted API what was already said.
 */
export class AnswerBook {
  private readonly answers = new Map<string, DeliveryAnswers>();

  record(answer: RecordedAnswer): void {
    const k = key(answer.senderOfficeId, answer.acknowledgedEventId);
    const known = this.answers.get(k) ?? {};
    if (answer.status === 'RECEIVED') {
      if (!known.pickedUp) this.answers.set(k, { ...known, pickedUp: answer });
    } else if ((answer.status === 'ACCEPTED' || answer.status === 'REJECTED') && !known.decision) {
      // The first decision counts; a later different one is refused before it is published.
      this.answers.set(k, { ...known, decision: answer });
    }
  }

  /** How many deliveries have an answer of any kind. */
  get size(): number {
    return this.answers.size;
  }

  of(delivery: Pick<Delivery, 'officeId' | 'sourceEventId'>): DeliveryAnswers {
    return this.answers.get(key(delivery.officeId, delivery.sourceEventId)) ?? {};
  }

  /** The pickup receipt to publish when the office first opens the delivery; undefined once one exists. */
  pickup(delivery: Delivery): Acknowledgement | undefined {
    if (!answerable(delivery) || this.of(delivery).pickedUp) return undefined;
    return acknowledgement(delivery, 'RECEIVED', null);
  }

  /**
   * The decision to publish, or `undefined` when the same decision was already made (the caller answers
   * as before). A different decision than the one recorded is refused: a decision is not taken back here.
   */
  decide(delivery: Delivery, request: AnswerRequest): Acknowledgement | undefined {
    if (!answerable(delivery))
      throw new NotAnswerableError(`delivery ${delivery.deliveryId} is an acknowledgement; it is not answered`);
    const made = this.of(delivery).decision;
    if (!made) return acknowledgement(delivery, request.decision, reasonText(request));
    if (made.status === request.decision && reasonText(request) === made.reason) return undefined;
    throw new AlreadyAnsweredError(
      `delivery ${delivery.deliveryId} was already ${made.status.toLowerCase()} at ${made.at}`,
    );
  }
}

/** Feedback is not answered with feedback: that would loop between two offices. */
const answerable = (delivery: Delivery) => delivery.eventType !== 'acknowledgement';

/** The id of an office's acknowledgement of an event: RECEIVED once, one decision once. */
export const acknowledgementEventId = (officeId: string, sourceEventId: string, status: AnswerStatus) =>
  derivedEventId(`acknowledgement:${status === 'RECEIVED' ? 'received' : 'decision'}:${officeId}`, sourceEventId);

const acknowledgement = (delivery: Delivery, status: AnswerStatus, reason: string | null): Acknowledgement => {
  const eventId = acknowledgementEventId(delivery.officeId, delivery.sourceEventId, status);
  return {
    eventId,
    senderOfficeId: delivery.officeId,
    content: {
      envelope: { eventId, correlationId: delivery.correlationId, causationId: delivery.sourceEventId },
      acknowledgedEventId: delivery.sourceEventId,
      originalSenderOfficeId: delivery.senderOfficeId ?? '',
      status,
      reason,
      responsibleOffice: null,
      outcomeDetails: null,
    },
  };
};
