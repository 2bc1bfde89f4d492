import type { RegisteredSchema } from '../codec/avro-codec';

export interface OutgoingEvent<T> {
  /** Logical catalogue topic; the publisher maps it to this deployment's physical name. */
  readonly topic: string;
  readonly schema: RegisteredSchema;
  /** Partition key: keeps the events of one case in order. */
  readonly key: string;
  readonly value: T;
  readonly eventId: string;
  readonly correlationId: string;
  readonly causationId?: string;
  /** Delivery metadata for the recipient (role, provisional, policy version); never payload values. */
  readonly extraHeaders?: Readonly<Record<string, string>>;
  /**
   * Wraps the encoded value before it is sealed and sent: the redactor encrypts a delivery to its office's
   * keys, so the bytes on the topic (and the signature over them) are the ciphertext's.
   */
  readonly envelope?: (encoded: Buffer) => Buffer;
  /** Headers made over the encoded value, once it is known: a signature of the exact bytes sent. */
  readonly seal?: (value: Buffer) => Readonly<Record<string, string>>;
}

export interface PublishedEvent {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/** Port for sending one typed event; implementations validate, frame and add the standard headers. */
export interface EventPublisher {
  publish<T>(event: OutgoingEvent<T>): Promise<PublishedEvent>;
}
