import { BridgeError } from '@ksb/errors';

/** A cursor the client did not get from us, or one we cannot read any more. */
export class InvalidCursorError extends BridgeError {
  readonly code = 'INVALID_CURSOR';
  readonly retriable = false;
}

/** No delivery with this id was made to anyone. */
export class DeliveryNotFoundError extends BridgeError {
  readonly code = 'DELIVERY_NOT_FOUND';
  readonly retriable = false;
}

/**
 * The delivery's case was erased (`ksb case erase`, ADR 0023) before the office fetched it: the bridge no
 * longer hands it out. Gone for good, so a client can tell it from a delivery that never existed.
 */
export class DeliveryErasedError extends BridgeError {
  readonly code = 'DELIVERY_ERASED';
  readonly retriable = false;
}

/**
 * The office accepted the delivery and the period it stays readable after acceptance ran out
 * (deletion-periods.json): its key was retired, so the bridge can no longer open it. Gone for good.
 */
export class DeliveryRetiredError extends BridgeError {
  readonly code = 'DELIVERY_RETIRED';
  readonly retriable = false;
}

/** The delivery exists but was made to another office: it may not learn anything about it. */
export class NotRecipientError extends BridgeError {
  readonly code = 'NOT_RECIPIENT';
  readonly retriable = false;
}

/** An accept or reject the API cannot take: no declared reason code, or text too long. */
export class InvalidAnswerError extends BridgeError {
  readonly code = 'INVALID_ANSWER';
  readonly retriable = false;
}

/** The delivery was already accepted or rejected, differently from what is asked now. */
export class AlreadyAnsweredError extends BridgeError {
  readonly code = 'ALREADY_ANSWERED';
  readonly retriable = false;
}

/** An acknowledgement delivered to its original sender: feedback is not answered with feedback. */
export class NotAnswerableError extends BridgeError {
  readonly code = 'NOT_ANSWERABLE';
  readonly retriable = false;
}

/** The bridge has carried no case under this id (or its audit records are not read yet). */
export class CaseNotFoundError extends BridgeError {
  readonly code = 'CASE_NOT_FOUND';
  readonly retriable = false;
}

/** The case exists, but this office submitted nothing in it: its trail is not this office's to read. */
export class NotCaseSenderError extends BridgeError {
  readonly code = 'NOT_CASE_SENDER';
  readonly retriable = false;
}
