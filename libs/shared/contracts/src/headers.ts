/** Header names every bridge message carries; they let a hop be traced without decoding the payload. */
export const HEADER = {
  eventId: 'ksb-event-id',
  correlationId: 'ksb-correlation-id',
  causationId: 'ksb-causation-id',
  producer: 'ksb-producer',
  schemaSubject: 'ksb-schema-subject',
  schemaVersion: 'ksb-schema-version',
} as const;

/** What the redaction service adds to every delivery, so audit and offices see who, why and under which policy. */
export const DELIVERY_HEADER = {
  recipientOffice: 'ksb-recipient-office',
  recipientRole: 'ksb-recipient-role',
  provisional: 'ksb-provisional',
  routingRule: 'ksb-routing-rule',
  policyVersion: 'ksb-policy-version',
  /** The agency's original event id: the audit ties a delivery to it without decoding the view. */
  sourceEventId: 'ksb-source-event-id',
  eventType: 'ksb-event-type',
  /** On ksb.handoff.external: why the bridge could not deliver itself (the routing rule's explanation). */
  handoffReason: 'ksb-handoff-reason',
  /** The sending office and the urgency in clear, so the delivery API can answer and escalate an encrypted one. */
  senderOffice: 'ksb-sender-office',
  urgency: 'ksb-urgency',
  /** On an encrypted delivery: the key ids of the office it was encrypted to, comma-separated. */
  encryptedTo: 'ksb-encrypted-to',
} as const;

/** Dead-letter headers in Kafka Connect's naming so existing tooling reads them, plus our reason code. */
export const DEAD_LETTER_HEADER = {
  topic: '__connect.errors.topic',
  partition: '__connect.errors.partition',
  offset: '__connect.errors.offset',
  exceptionClass: '__connect.errors.exception.class.name',
  exceptionMessage: '__connect.errors.exception.message',
  reasonCode: 'ksb-reason-code',
  failedService: 'ksb-failed-service',
  /** 'inline' (the value is the original bytes) or 'reference' (too large to copy: the original stays where it is). */
  originalStored: 'ksb-original-stored',
  originalSizeBytes: 'ksb-original-size-bytes',
  originalSha256: 'ksb-original-sha256',
} as const;

/**
 * On a dead letter an operator put back on the topic it came from (`ksb dlq requeue`): which letter, why and
 * by whom. The audit trail records them with the hop; the stages' duplicate check tells the requeued copy
 * from the agency's retry of the same event id by them.
 */
export const REQUEUE_HEADER = {
  /** `<dead-letter topic>/<partition>/<offset>` of the letter. */
  from: 'ksb-requeued-from',
  reason: 'ksb-requeue-reason',
  by: 'ksb-requeued-by',
} as const;

/** A requeue's transactional id is this plus the letter's place: two requeues of one letter fence each other. */
export const DEAD_LETTER_REQUEUE_ID_PREFIX = 'ksb-dlq-requeue.';

/**
 * On the last record of each audit partition in each of the writer's transactions: the writer's Ed25519
 * seal over (partition, sequence, SHA-256 of the stored record), base64 (docs/adr/0010).
 */
export const AUDIT_SEAL_HEADER = 'ksb-audit-seal';
