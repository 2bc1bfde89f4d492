import { MAX_IDENTIFIER_CHARS, type Envelope } from '@ksb/contracts';
import { BridgeError } from '@ksb/errors';
import { InvalidEventError } from '@ksb/wire';

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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IDENTIFIER = new RegExp(`^[A-Za-z0-9][A-Za-z0-9._:-]{0,${MAX_IDENTIFIER_CHARS - 1}}$`);
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T[0-9:.]{8,15}(Z|[+-]\d{2}:\d{2})$/;

/** What a sender may put in each envelope field; anything else in the envelope is refused by name. */
const ENVELOPE_FIELDS: Record<keyof EnvelopeInput, (v: unknown) => string | undefined> = {
  eventId: (v) => (typeof v === 'string' && UUID.test(v) ? undefined : 'expected a UUID'),
  occurredAt: (v) => (typeof v === 'string' && TIMESTAMP.test(v) ? undefined : 'expected an ISO-8601 timestamp'),
  correlationId: (v) => (typeof v === 'string' && IDENTIFIER.test(v) ? undefined : 'expected an identifier'),
  causationId: (v) =>
    v === null || (typeof v === 'string' && IDENTIFIER.test(v)) ? undefined : 'expected an identifier',
  senderOfficeId: (v) => (typeof v === 'string' && IDENTIFIER.test(v) ? undefined : 'expected an office id'),
};

/** Why a value cannot be a correlation id (the case a key service is asked for), or undefined. */
export const correlationIdProblem = (value: unknown): string | undefined => ENVELOPE_FIELDS.correlationId(value);

/**
 * Every problem with what a sender put in the envelope, by path: unknown keys, an event id that is not a
 * UUID, identifiers too long or with characters an id never has. Values are never echoed.
 */
export const envelopeProblems = (input: unknown): string[] => {
  if (input === undefined) return [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return ['envelope (expected an object)'];
  return Object.entries(input).flatMap(([key, value]) => {
    const check = ENVELOPE_FIELDS[key as keyof EnvelopeInput];
    if (!check) return [`envelope.${key.slice(0, MAX_IDENTIFIER_CHARS)} (not allowed)`];
    if (value === undefined) return [];
    const problem = check(value);
    return problem ? [`envelope.${key} (${problem})`] : [];
  });
};

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
  const problems = envelopeProblems(input);
  if (problems.length > 0) throw new InvalidEventError('envelope', problems);
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
