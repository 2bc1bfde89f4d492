import type { StandardHeaders } from '../headers/standard-headers';

/** A consumed message after decoding, with where it came from (for offsets, dead letters and audit). */
export interface DecodedEvent<T = unknown> {
  readonly kind: 'decoded';
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly timestamp: string;
  readonly headers: Partial<StandardHeaders>;
  readonly schemaId: number;
  readonly recordName: string;
  readonly value: T;
  /** The original bytes and headers, to dead-letter the message unchanged if a rule rejects it. */
  readonly rawValue: Buffer | null;
  readonly rawHeaders: Record<string, string>;
  /**
   * For a record stored sealed under its case's key (ADR 0023, a requeued dead letter): the bytes its producer
   * wrote and signed, as opened. Absent: rawValue is what the producer wrote.
   */
  readonly plainValue?: Buffer;
}

/** A consumed message that could not be decoded: kept whole so it can be dead-lettered, never dropped. */
export interface UndecodableEvent {
  readonly kind: 'undecodable';
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly rawValue: Buffer | null;
  readonly rawHeaders: Record<string, string>;
  readonly error: Error;
}

export type ConsumedEvent<T = unknown> = DecodedEvent<T> | UndecodableEvent;

/** Where a consumed event came from and which flow it belongs to: the fields every stream service logs. */
export const logContext = (event: ConsumedEvent) => ({
  topic: event.topic,
  partition: event.partition,
  offset: event.offset,
  eventId: event.kind === 'decoded' ? event.headers.eventId : undefined,
  correlationId: event.kind === 'decoded' ? event.headers.correlationId : undefined,
});
