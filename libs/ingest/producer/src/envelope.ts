import type { Envelope } from '@ksb/contracts';
import { BridgeError } from '@ksb/errors';

/** What a sender may set in the envelope; everything else is the bridge's to decide. */
export interface EnvelopeInput {
  /** Set it to make a retry idempotent: the same event id is produced once. */
  readonly eventId?: string;
  readonly occurredAt?: string;
  readonly correlationId?: string;
  readonly causationId?: string | null;
  /** Only to be checked: the sender comes from the credential or the producer's configuration. */
  readonly senderOfficeId?: string;
}

export class SenderMismatchError extends BridgeError {
  readonly code = 'SENDER_MISMATCH';
  readonly retriable = false;
  constructor(
    readonly claimed: string,
    readonly authenticated: string,
  ) {
    super(`the event claims sender ${claimed}, but it is sent as ${authenticated}`);
  }
}

const CONTRACT_VERSION = '1';

/**
 * The envelope of a new event. The sender is never taken from the payload: a payload that names a
 * different sender is refused, because it is either a bug or an attempt to speak for another office.
 */
export const buildEnvelope = (
  senderOfficeId: string,
  input: EnvelopeInput | undefined,
  now: Date,
  newId: () => string,
): Envelope => {
  if (input?.senderOfficeId !== undefined && input.senderOfficeId !== senderOfficeId) {
    throw new SenderMismatchError(input.senderOfficeId, senderOfficeId);
  }
  const eventId = input?.eventId ?? newId();
  return {
    eventId,
    occurredAt: input?.occurredAt ?? now.toISOString(),
    recordedAt: now.toISOString(),
    senderOfficeId,
    correlationId: input?.correlationId ?? eventId,
    causationId: input?.causationId ?? null,
    contractVersion: CONTRACT_VERSION,
  };
};
