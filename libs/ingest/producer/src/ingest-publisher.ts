import { randomUUID } from 'node:crypto';
import { EVENT_TYPES, findEventType, type EventType } from '@ksb/contracts';
import { BridgeError } from '@ksb/errors';
import { signEvent, type Signer } from '@ksb/signatures';
import { Wire, type EventPublisher, type KafkaSecurity, type RegisteredSchema } from '@ksb/wire';
import { buildEnvelope, type EnvelopeInput } from './envelope';

export interface IngestConnection {
  readonly brokers: readonly string[];
  readonly registryUrl: string;
  readonly clientId: string;
  readonly topicSuffix?: string;
  /** Connect and send retries before BROKER_UNAVAILABLE (default 8, about half a minute of backoff). */
  readonly retries?: number;
  /** TLS and the sending system's SCRAM identity (its office's user, or the gateway's). */
  readonly security?: KafkaSecurity;
  /**
   * The key that signs each event for a sender: an agency's own key (its producer sends only as itself), or
   * the gateway's proxy key for every office that authenticated to it. The router dead-letters unsigned
   * events, so a sender without a key here is refused at publish.
   */
  readonly signerFor: (senderOfficeId: string) => Signer | undefined;
  /**
   * Seals each event under a key of its case before it leaves (ADR 0023), so the agency's input on
   * `ksb.ingest.*` is erased with the case: the gateway seals with the bridge's key store, a producer outside
   * the bridge with keys from the gateway's key service (GatewayCaseKeys). Without it, events go in clear.
   */
  readonly sealing?: IngestSealing;
}

/** Where a sender gets the sealing of one case (the bridge's CaseSeal fits, and GatewayCaseKeys). */
export interface IngestSealing {
  sealerFor(caseId: string): Promise<(plain: Buffer) => Buffer>;
}

export class NoSigningKeyError extends BridgeError {
  readonly code = 'NO_SIGNING_KEY';
  readonly retriable = false;
}

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
 * Publishes agency events to their ingest topics on behalf of an authenticated sender office: builds
 * the envelope, validates (every failing field named), and sends through an idempotent producer.
 * Shared by the producer library (one office) and the HTTP gateway (many offices).
 */
export class IngestPublisher {
  private constructor(
    private readonly wire: Wire,
    private readonly publisher: EventPublisher,
    private readonly schemas: ReadonlyMap<string, RegisteredSchema>,
    private readonly signerFor: IngestConnection['signerFor'],
    private readonly sealing: IngestSealing | undefined,
  ) {}

  /** Registers the event schemas and connects; fails with REGISTRY_UNAVAILABLE or BROKER_UNAVAILABLE. */
  static async connect(connection: IngestConnection): Promise<IngestPublisher> {
    const wire = new Wire({ ...connection, logLevel: 'nothing' });
    try {
      const schemas = new Map<string, RegisteredSchema>();
      for (const type of EVENT_TYPES) schemas.set(type.name, await wire.registerSchema(type.ingestTopic, type.record));
      return new IngestPublisher(wire, await wire.publisher(), schemas, connection.signerFor, connection.sealing);
    } catch (error) {
      await wire.close();
      throw error;
    }
  }

  async publish(
    senderOfficeId: string,
    eventTypeName: string,
    content: { envelope?: EnvelopeInput } & Record<string, unknown>,
  ): Promise<PublishReceipt> {
    const type = this.eventType(eventTypeName);
    const signer = this.signerFor(senderOfficeId);
    if (!signer) throw new NoSigningKeyError(`no signing key for ${senderOfficeId}: this producer cannot send as it`);
    const envelope = buildEnvelope(senderOfficeId, content.envelope, new Date(), randomUUID);
    const sealer = await this.sealing?.sealerFor(envelope.correlationId);
    // Signed over the Avro record as framed, before sealing: the router checks the signature over the opened
    // bytes, so the same statement holds for a sealed and an unsealed event, and for a requeued copy.
    let framed: Buffer | undefined;
    const published = await this.publisher.publish({
      topic: type.ingestTopic,
      schema: this.schemas.get(type.name) as RegisteredSchema,
      key: envelope.correlationId,
      value: { ...content, envelope },
      eventId: envelope.eventId,
      correlationId: envelope.correlationId,
      causationId: envelope.causationId ?? undefined,
      ...(sealer ? { envelope: (encoded: Buffer) => ((framed = encoded), sealer(encoded)) } : {}),
      seal: (value) => signEvent(type.ingestTopic, framed ?? value, signer),
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
