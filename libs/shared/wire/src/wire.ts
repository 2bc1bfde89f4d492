import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { physicalTopic, topicSpec, type TopicSpec } from '@ksb/contracts';
import { AvroCodec, type RegisteredSchema } from './codec/avro-codec';
import { ConfluentRegistryAdapter, type RegistryCredentials } from './registry/confluent-registry.adapter';
import type { SchemaRegistryPort } from './registry/schema-registry.port';
import { KafkaEventPublisher } from './publish/kafka-event-publisher.adapter';
import { BrokerUnavailableError } from './wire.errors';
import { registerCompressionCodecs } from './compression/compression-codecs';
import {
  DEFAULT_RECOVERY,
  SupervisedConsumer,
  type ConsumerHealth,
  type RecoveryPolicy,
  type SupervisedConsumerOptions,
} from './consume/supervised-consumer';
import { attachClient } from './internal/client-of';
import type { CaseSeal } from '@ksb/case-keys';
import type { ClientAdmin, ClientConsumer, ClientProducer, ConsumerSettings } from './port/kafka-client.port';

export interface WireOptions {
  readonly brokers: readonly string[];
  readonly registryUrl: string;
  /** Names this service in client ids and the ksb-producer header. */
  readonly clientId: string;
  readonly logLevel?: 'nothing' | 'error' | 'warn' | 'info';
  /** Isolates a deployment or a broker test on a shared cluster (see physicalTopic in @ksb/contracts). */
  readonly topicSuffix?: string;
  /** How often kafkajs retries a failed request or connect (exponential backoff from 100 ms). */
  readonly retries?: number;
  /** Swappable for tests of pure logic; broker tests always use the real registry. */
  readonly registry?: SchemaRegistryPort;
  /** How supervised consumers restart and when they give up (defaults: DEFAULT_RECOVERY). */
  readonly recovery?: Partial<RecoveryPolicy>;
  /** A supervised consumer gave up: a service ends its process here so its supervisor restarts it. */
  readonly onConsumerGaveUp?: (health: ConsumerHealth) => void;
  /** Restart and crash lines of supervised consumers. */
  readonly log?: (entry: object) => void;
  /** How this client proves who it is and trusts the brokers (docs/adr/0013); absent: plaintext, anonymous. */
  readonly security?: KafkaSecurity;
  /** Per-case keys (ADR 0023): the codec opens sealed records, and a stage seals its own with `caseSeal`. */
  readonly caseSeal?: CaseSeal;
}

/** TLS to the brokers (with the CA that signed them, or the system's) and a SCRAM-SHA-512 identity. */
export interface KafkaSecurity {
  /** PEM of the CA; undefined with tls: the platform's trusted CAs. */
  readonly ca?: string;
  readonly tls: boolean;
  readonly sasl?: { readonly username: string; readonly password: string };
  /** The registry's own credential; absent, the registry is asked with `sasl` (docs/adr/0013). */
  readonly registry?: { readonly username: string; readonly password: string };
}

/** The registry is reached with its own credential if one is set, else the Kafka identity, and the same CA. */
export const registryCredentials = (security?: KafkaSecurity): RegistryCredentials | undefined => {
  const identity = security?.registry ?? security?.sasl;
  return identity
    ? { username: identity.username, password: identity.password, ...(security?.ca ? { ca: security.ca } : {}) }
    : undefined;
};

const LEVELS = { nothing: logLevel.NOTHING, error: logLevel.ERROR, warn: logLevel.WARN, info: logLevel.INFO };

/**
 * The one place that builds Kafka and registry clients. Services ask it for producers, consumers, the admin
 * and the codec, typed by the port (port/kafka-client.port.ts); the client itself stays inside.
 */
export class Wire {
  private readonly kafka: Kafka;
  readonly codec: AvroCodec;
  readonly registry: SchemaRegistryPort;
  private readonly closers: (() => Promise<void>)[] = [];
  private readonly supervised: { health(): ConsumerHealth }[] = [];

  constructor(readonly options: WireOptions) {
    registerCompressionCodecs();
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: [...options.brokers],
      logLevel: LEVELS[options.logLevel ?? 'warn'],
      connectionTimeout: 3000,
      retry: { initialRetryTime: 100, retries: options.retries ?? 8 },
      ...(options.security?.tls ? { ssl: options.security.ca ? { ca: [options.security.ca] } : true } : {}),
      ...(options.security?.sasl ? { sasl: { mechanism: 'scram-sha-512' as const, ...options.security.sasl } } : {}),
      // SCRAM's key derivation and the TLS handshake take longer than a plaintext connect.
      ...(options.security ? { connectionTimeout: 10_000, authenticationTimeout: 10_000 } : {}),
    });
    attachClient(this, this.kafka);
    this.registry =
      options.registry ?? new ConfluentRegistryAdapter(options.registryUrl, registryCredentials(options.security));
    this.codec = new AvroCodec(this.registry, options.caseSeal);
  }

  /** The per-case keys this service was given, if any: the router seals what it routes with them. */
  get caseSeal(): CaseSeal | undefined {
    return this.options.caseSeal;
  }

  /** The physical name of a logical catalogue topic in this deployment. */
  topic(logical: string): string {
    return physicalTopic(logical, this.options.topicSuffix);
  }

  /** Registers our version of a record for a catalogue topic, with the catalogue's compatibility level. */
  registerSchema(logicalTopic: string, recordName: string): Promise<RegisteredSchema> {
    return this.registerSchemaFor(topicSpec(logicalTopic), recordName);
  }

  /** The same for a topic outside the static catalogue (per-office delivery topics come from the directory). */
  registerSchemaFor(spec: TopicSpec, recordName: string): Promise<RegisteredSchema> {
    if (!spec.records.includes(recordName)) throw new Error(`${spec.name} is not declared to carry ${recordName}`);
    return this.codec.register(this.topic(spec.name), recordName, spec.compatibility);
  }

  /**
   * Registers every record each (logical) topic carries: the admin's part of applying topics, since stages
   * and agencies may only look schemas up (docs/adr/0013). Returns the number of subjects.
   */
  async registerTopicSchemas(specs: readonly TopicSpec[]): Promise<number> {
    let subjects = 0;
    for (const spec of specs)
      for (const record of spec.records) {
        await this.registerSchemaFor(spec, record);
        subjects++;
      }
    return subjects;
  }

  /**
   * A group id for a short-lived reader of this identity: its ACLs allow only groups that start with the
   * identity's name (docs/adr/0013), and `<name>.` fits a stage's prefix and an office's alike.
   */
  groupIdFor(purpose: string): string {
    return `${this.options.security?.sasl?.username ?? 'ksb'}.${purpose}-${randomUUID()}`;
  }

  private readonly partitionCounts = new Map<string, { count: number; at: number }>();

  /**
   * How many partitions a (physical) topic has, cached for a minute: produce calls place keyed records
   * themselves (sendBounded), and a topic's partitions are added rarely and never removed.
   */
  readonly partitionCount = async (topic: string): Promise<number> => {
    const cached = this.partitionCounts.get(topic);
    if (cached && Date.now() - cached.at < 60_000) return cached.count;
    const metadata = await this.withAdmin((admin) => admin.fetchTopicMetadata({ topics: [topic] }));
    const count = metadata.topics[0]?.partitions.length ?? 0;
    if (count === 0) throw new Error(`topic ${topic} has no partitions`);
    this.partitionCounts.set(topic, { count, at: Date.now() });
    return count;
  };

  /**
   * Idempotent, acks=all producer: the default for the stages' transactions. `idempotent: false` for many
   * concurrent sends outside a transaction (publisher()).
   */
  async producer(extra: { transactionalId?: string; idempotent?: boolean } = {}): Promise<ClientProducer> {
    const producer = this.kafka.producer({
      idempotent: extra.transactionalId !== undefined || extra.idempotent !== false,
      maxInFlightRequests: 1,
      transactionalId: extra.transactionalId,
      createPartitioner: Partitioners.DefaultPartitioner,
      // The broker answers CONCURRENT_TRANSACTIONS while it still writes the previous commit's markers; the
      // next transaction is ready within milliseconds, so back-to-back transactions retry quickly, not after 100 ms.
      ...(extra.transactionalId ? { retry: { initialRetryTime: 5, maxRetryTime: 2000, retries: 12 } } : {}),
    });
    try {
      await producer.connect();
    } catch (error) {
      throw new BrokerUnavailableError(
        `cannot reach Kafka at ${this.options.brokers.join(',')}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    this.closeOnExit(producer, producer.events.DISCONNECT);
    return producer;
  }

  /**
   * Agencies' events (gateway, producer library): many concurrent sends on one producer, each acks=all, and
   * deliberately not idempotent. kafkajs rolls a partition's sequence number back when a produce request fails
   * ambiguously (a timeout while the leader was killed); if that request had landed, the next batch — another
   * event — reuses its sequence number and the broker takes it for a duplicate: it answers success and drops it.
   * The fault suite lost an accepted event that way. Without idempotence a retry can only add a copy, and the
   * router dead-letters the second copy of an event id (DUPLICATE_EVENT).
   */
  async publisher(): Promise<KafkaEventPublisher> {
    return new KafkaEventPublisher(await this.producer({ idempotent: false }), this.codec, this.options.clientId, (t) =>
      this.topic(t),
    );
  }

  /** A plain consumer for readers outside a stage: the demo, tests, benchmarks' baselines. */
  async consumer(config: ConsumerSettings): Promise<ClientConsumer> {
    const consumer = this.kafka.consumer({ ...config });
    await consumer.connect();
    this.closeOnExit(consumer, consumer.events.DISCONNECT);
    return consumer;
  }

  /**
   * Disconnects the client when the wire closes, unless its user did so first: then it is forgotten, so a
   * process that reads a range again and again (the tests, a CLI loop) does not keep every client it used.
   */
  private closeOnExit(
    client: { disconnect(): Promise<void>; on(event: string, listener: () => void): unknown },
    disconnected: string,
  ): void {
    const close = () => client.disconnect();
    this.closers.push(close);
    client.on(disconnected, () => {
      const at = this.closers.indexOf(close);
      if (at >= 0) this.closers.splice(at, 1);
    });
  }

  /**
   * A consumer that heals itself (see SupervisedConsumer): what every long-running stage uses. Started
   * here; its health is part of the service's readiness and liveness.
   */
  async supervisedConsumer(options: SupervisedConsumerOptions): Promise<SupervisedConsumer> {
    const consumer = new SupervisedConsumer(options, {
      newConsumer: (config) => this.kafka.consumer(config),
      recovery: { ...DEFAULT_RECOVERY, ...this.options.recovery },
      log: this.options.log ?? (() => undefined),
      onGiveUp: (health) => this.options.onConsumerGaveUp?.(health),
    });
    this.supervised.push(consumer);
    this.closers.push(() => consumer.stop());
    await consumer.start();
    return consumer;
  }

  /** A consumer loop built beside the wire's own (the librdkafka stage) answers health with the others. */
  watch(source: { health(): ConsumerHealth }): void {
    this.supervised.push(source);
  }

  /** Health of every supervised consumer this wire started. */
  consumerHealth(): ConsumerHealth[] {
    return this.supervised.map((c) => c.health());
  }

  async withAdmin<T>(work: (admin: ClientAdmin) => Promise<T>): Promise<T> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      return await work(admin);
    } finally {
      await admin.disconnect();
    }
  }

  async close(): Promise<void> {
    const closers = this.closers.splice(0).reverse();
    await Promise.allSettled(closers.map((close) => close()));
    await this.options.caseSeal?.close();
  }
}
