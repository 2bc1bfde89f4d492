import { randomUUID } from 'node:crypto';
import {
  EVENT_TYPES,
  findEventType,
  type Acknowledgement,
  type ChildWelfareNotification,
  type EventType,
  type UrgentNotice,
} from '@ksb/contracts';
import { BridgeError } from '@ksb/errors';
import { Wire, type EventPublisher, type RegisteredSchema } from '@ksb/wire';
import { buildEnvelope, type EnvelopeInput } from './envelope';

export interface BridgeProducerOptions {
  readonly brokers: readonly string[];
  readonly registryUrl: string;
  /** The directory id of the office this system sends for, e.g. kpb-mettmann. */
  readonly senderOfficeId: string;
  readonly clientId?: string;
  readonly topicSuffix?: string;
  /** Connect and send retries before BROKER_UNAVAILABLE (default 8, about half a minute of backoff). */
  readonly retries?: number;
}

/** An event's content: everything but the envelope, which the producer builds. */
export type EventContent<T> = Omit<T, 'envelope'> & { envelope?: EnvelopeInput };

export interface PublishReceipt {
  readonly eventId: string;
  readonly correlationId: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

export class UnknownEventTypeError extends BridgeError {
  readonly code = 'UNKNOWN_EVENT_TYPE';
  readonly retriable = false;
}

/**
 * The producer library for agency systems written in Node: typed publish per event type, validated
 * against the schema before anything is sent, through an idempotent producer with retries.
 */
export class BridgeProducer {
  private constructor(
    private readonly wire: Wire,
    private readonly publisher: EventPublisher,
    private readonly schemas: ReadonlyMap<string, RegisteredSchema>,
    private readonly senderOfficeId: string,
  ) {}

  /** Registers the event schemas and connects; fails with REGISTRY_UNAVAILABLE or BROKER_UNAVAILABLE. */
  static async connect(options: BridgeProducerOptions): Promise<BridgeProducer> {
    const wire = new Wire({
      brokers: options.brokers,
      registryUrl: options.registryUrl,
      clientId: options.clientId ?? `ksb-producer-${options.senderOfficeId}`,
      topicSuffix: options.topicSuffix,
      retries: options.retries,
      logLevel: 'nothing',
    });
    try {
      const schemas = new Map<string, RegisteredSchema>();
      for (const type of EVENT_TYPES) schemas.set(type.name, await wire.registerSchema(type.ingestTopic, type.record));
      return new BridgeProducer(wire, await wire.publisher(), schemas, options.senderOfficeId);
    } catch (error) {
      await wire.close();
      throw error;
    }
  }

  publishPoliceNotification(content: EventContent<ChildWelfareNotification>): Promise<PublishReceipt> {
    return this.publish('police-notification', content);
  }

  publishJugendamtUrgentNotice(content: EventContent<UrgentNotice>): Promise<PublishReceipt> {
    return this.publish('jugendamt-urgent-notice', content);
  }

  publishAcknowledgement(content: EventContent<Acknowledgement>): Promise<PublishReceipt> {
    return this.publish('acknowledgement', content);
  }

  /** Untyped entry for callers that hold JSON (the HTTP gateway); validation still names every field. */
  async publish(eventTypeName: string, content: { envelope?: EnvelopeInput } & object): Promise<PublishReceipt> {
    const type = this.eventType(eventTypeName);
    const envelope = buildEnvelope(this.senderOfficeId, content.envelope, new Date(), randomUUID);
    const value = { ...content, envelope };
    const published = await this.publisher.publish({
      topic: type.ingestTopic,
      schema: this.schemas.get(type.name) as RegisteredSchema,
      key: envelope.correlationId,
      value,
      eventId: envelope.eventId,
      correlationId: envelope.correlationId,
      causationId: envelope.causationId ?? undefined,
    });
    return { eventId: envelope.eventId, correlationId: envelope.correlationId, ...published };
  }

  close(): Promise<void> {
    return this.wire.close();
  }

  private eventType(name: string): EventType {
    const type = findEventType(name);
    if (!type)
      throw new UnknownEventTypeError(
        `unknown event type ${name}; known: ${EVENT_TYPES.map((t) => t.name).join(', ')}`,
      );
    return type;
  }
}
