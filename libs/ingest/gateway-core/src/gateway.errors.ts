import { BridgeError } from '@ksb/errors';

export class UnauthenticatedError extends BridgeError {
  readonly code = 'UNAUTHENTICATED';
  readonly retriable = false;
}

/** The office may not send this event type (e.g. a police authority sending a Jugendamt urgent notice). */
export class SenderRoleNotAllowedError extends BridgeError {
  readonly code = 'SENDER_ROLE_NOT_ALLOWED';
  readonly retriable = false;
}

export class RateLimitedError extends BridgeError {
  readonly code = 'RATE_LIMITED';
  readonly retriable = true;
  constructor(readonly retryAfterSeconds: number) {
    super(`too many events from this office; retry after ${retryAfterSeconds} s`);
  }
}

/** The same event id was sent before with different content: a client bug, never silently accepted. */
export class IdempotencyConflictError extends BridgeError {
  readonly code = 'IDEMPOTENCY_CONFLICT';
  readonly retriable = false;
}
