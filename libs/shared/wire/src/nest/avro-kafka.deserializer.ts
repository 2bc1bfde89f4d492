import type { ConsumerDeserializer, IncomingEvent } from '@nestjs/microservices';
import { acceptedRecords, logicalTopic } from '@ksb/contracts';
import type { AvroCodec } from '../codec/avro-codec';
import { decodeMessage, type RawMessage } from '../consume/decode-message';

/**
 * Plugs Avro decoding into Nest's Kafka transport (its serializer/deserializer seam). The server must be
 * created with `parser: { keepBinary: true }` so every value reaches us as the raw framed bytes. Handlers
 * receive a ConsumedEvent: decoded, or undecodable with its raw bytes for the dead-letter path (also when
 * the record is of a type the topic catalogue does not declare for that topic).
 */
export class AvroKafkaDeserializer implements ConsumerDeserializer {
  constructor(
    private readonly codec: AvroCodec,
    private readonly topicSuffix?: string,
  ) {}

  async deserialize(message: RawMessage, options?: { channel?: string }): Promise<IncomingEvent> {
    const physical = options?.channel ?? message.topic;
    const pattern = logicalTopic(physical, this.topicSuffix);
    return {
      pattern,
      // A topic's record types are enforced here, once for every stage: another type is dead-lettered.
      data: await decodeMessage(this.codec, { ...message, topic: physical }, acceptedRecords(pattern)),
    };
  }
}
