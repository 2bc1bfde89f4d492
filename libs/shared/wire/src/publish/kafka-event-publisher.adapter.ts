import type { ClientProducer } from '../port/kafka-client.port';
import { compressionOf, maxEncodedBytes, maxValueBytes } from '@ksb/contracts';
import { compressionType } from '../compression/compression-codecs';
import type { AvroCodec } from '../codec/avro-codec';
import { encodeHeaders } from '../headers/standard-headers';
import { BrokerUnavailableError, EventTooLargeError } from '../wire.errors';
import type { EventPublisher, OutgoingEvent, PublishedEvent } from './event-publisher.port';

/**
 * Sends with acks=all through a producer that is not idempotent (Wire.publisher() says why): a retried send
 * may be written twice, never dropped; the router dead-letters the second copy of an event id.
 */
export class KafkaEventPublisher implements EventPublisher {
  constructor(
    private readonly producer: ClientProducer,
    private readonly codec: AvroCodec,
    private readonly producerName: string,
    private readonly physicalTopic: (logical: string) => string = (t) => t,
  ) {}

  async publish<T>(event: OutgoingEvent<T>): Promise<PublishedEvent> {
    const encoded = this.codec.encode(event.schema, event.value);
    // Checked here, before the broker: an event is accepted only if every later hop can carry it. On ingest
    // that is the agency's event as encoded, whether or not it is then sealed.
    const encodedLimit = maxEncodedBytes(event.topic);
    if (encoded.length > encodedLimit) throw new EventTooLargeError(encoded.length, encodedLimit);
    const value = event.envelope ? event.envelope(encoded) : encoded;
    const limit = maxValueBytes(event.topic);
    if (value.length > limit) throw new EventTooLargeError(value.length, limit);
    const headers = {
      ...event.extraHeaders,
      ...encodeHeaders({
        eventId: event.eventId,
        correlationId: event.correlationId,
        causationId: event.causationId,
        producer: this.producerName,
        schemaSubject: event.schema.subject,
        schemaVersion: event.schema.version,
      }),
      ...event.seal?.(value),
    };
    try {
      const [meta] = await this.producer.send({
        topic: this.physicalTopic(event.topic),
        acks: -1,
        compression: compressionType(compressionOf(event.topic)),
        messages: [{ key: event.key, value, headers }],
      });
      return { topic: meta.topicName, partition: meta.partition, offset: meta.baseOffset ?? '-1' };
    } catch (error) {
      throw new BrokerUnavailableError(`could not publish to ${event.topic}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
}
