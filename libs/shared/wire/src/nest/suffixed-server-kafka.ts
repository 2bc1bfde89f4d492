import { ServerKafka, type KafkaOptions } from '@nestjs/microservices';
import { physicalTopic } from '@ksb/contracts';
import type { Consumer } from 'kafkajs';

/**
 * Nest's Kafka server subscribes to the handler patterns verbatim. Handlers name logical topics; this
 * server subscribes to their physical names under the deployment's topic suffix. The AvroKafkaDeserializer
 * maps each message back to its logical pattern.
 */
export class SuffixedServerKafka extends ServerKafka {
  constructor(
    options: NonNullable<KafkaOptions['options']>,
    private readonly topicSuffix?: string,
  ) {
    super(options);
  }

  override async bindEvents(consumer: Consumer): Promise<void> {
    const topics = [...this.messageHandlers.keys()].map((pattern) => physicalTopic(pattern, this.topicSuffix));
    if (topics.length > 0) await consumer.subscribe({ ...(this.options?.subscribe ?? {}), topics });
    await consumer.run({ ...(this.options?.run ?? {}), eachMessage: this.getMessageHandler() });
  }
}
