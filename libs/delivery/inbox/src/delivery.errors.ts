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

/** The delivery exists but was made to another office: it may not learn anything about it. */
export class NotRecipientError extends BridgeError {
  readonly code = 'NOT_RECIPIENT';
  readonly retriable = false;
}
