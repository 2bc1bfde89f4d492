import { DEAD_LETTER_HEADER as H, HEADER } from '@ksb/contracts';

/** One record of the dead-letter topic as an operator triages it: where it failed, why, and where it came from. */
export interface DeadLetterFacts {
  /** Its own place on the dead-letter topic: what `ksb dlq show` takes. */
  readonly partition: number;
  readonly offset: string;
  /** When it was dead-lettered (Kafka timestamp, ms). */
  readonly at: number;
  /** The stable reason code (docs/glossary.md); UNKNOWN for a record written there without one. */
  readonly reason: string;
  /** The stage that gave up on it. */
  readonly stage: string;
  readonly source?: { readonly topic: string; readonly partition: number; readonly offset: string };
  readonly exceptionClass?: string;
  readonly message?: string;
  readonly eventId?: string;
  readonly correlationId?: string;
  /** inline: the value is the original; reference: too large to copy, the original stays on its topic. */
  readonly stored?: string;
  readonly sizeBytes?: number;
}

export const UNKNOWN = 'UNKNOWN';

/** Reads back what the wire writes on a dead letter (Kafka Connect's header names plus our reason code). */
export const deadLetterFacts = (record: {
  readonly partition: number;
  readonly offset: string;
  readonly timestamp: string;
  readonly headers: Readonly<Record<string, string>>;
}): DeadLetterFacts => {
  const h = record.headers;
  const sourcePartition = Number(h[H.partition]);
  const size = Number(h[H.originalSizeBytes]);
  return {
    partition: record.partition,
    offset: record.offset,
    at: Number(record.timestamp),
    reason: h[H.reasonCode] ?? UNKNOWN,
    stage: h[H.failedService] ?? 'unknown',
    source:
      h[H.topic] !== undefined && Number.isInteger(sourcePartition) && h[H.offset] !== undefined
        ? { topic: h[H.topic], partition: sourcePartition, offset: h[H.offset] }
        : undefined,
    exceptionClass: h[H.exceptionClass],
    message: h[H.exceptionMessage],
    eventId: h[HEADER.eventId],
    correlationId: h[HEADER.correlationId],
    stored: h[H.originalStored],
    sizeBytes: Number.isFinite(size) && h[H.originalSizeBytes] !== undefined ? size : undefined,
  };
};
