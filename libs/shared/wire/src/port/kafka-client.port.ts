import type { Admin, Consumer, Producer, Transaction } from 'kafkajs';
import type { RawHeaders } from '../headers/standard-headers';

/*
 * What the bridge asks of a Kafka client (docs/adr/0005). Feature code, apps, tests and tools see these
 * types only; `kafkajs`, `avsc` and the registry client are imported inside libs/shared/wire alone (lint).
 *
 * Records, batches and settings are the bridge's own shapes. Producers, transactions, the consumer handle and
 * the admin are the parts of the KafkaJS API the bridge uses and nothing more: that API is also what
 * `@confluentinc/kafka-javascript` offers (its `KafkaJS` namespace), so a second client plugs in behind the
 * same port without another vocabulary in the stages.
 */

/** Kafka's compression codes (the record batch's attribute bits), the same numbers every client uses. */
export const Compression = { None: 0, GZIP: 1, Snappy: 2, LZ4: 3, ZSTD: 4 } as const;
export type Compression = (typeof Compression)[keyof typeof Compression];

/** One record as a consumer hands it over. */
export interface ConsumedRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: string;
  readonly offset: string;
  readonly headers?: RawHeaders;
}

/** What a consumer fetched from one partition in one go. */
export interface ConsumedBatch {
  readonly topic: string;
  readonly partition: number;
  readonly highWatermark: string;
  readonly messages: ConsumedRecord[];
  /** The offset the fetch reached, transaction markers included. */
  lastOffset(): string;
}

/** A batch and what its handler may do while working it off. */
export interface BatchDelivery {
  readonly batch: ConsumedBatch;
  resolveOffset(offset: string): void;
  heartbeat(): Promise<void>;
  isRunning(): boolean;
  isStale(): boolean;
}

/** One record and where it came from, for handlers that take records one at a time. */
export interface RecordDelivery {
  readonly topic: string;
  readonly partition: number;
  readonly message: ConsumedRecord;
}

/** How a consumer joins its group and fetches. */
export interface ConsumerSettings {
  readonly groupId: string;
  readonly readUncommitted?: boolean;
  readonly allowAutoTopicCreation?: boolean;
  readonly maxWaitTimeInMs?: number;
  readonly maxBytesPerPartition?: number;
  readonly maxBytes?: number;
  readonly sessionTimeout?: number;
  readonly heartbeatInterval?: number;
  readonly rebalanceTimeout?: number;
  readonly retry?: {
    readonly retries?: number;
    readonly initialRetryTime?: number;
    readonly restartOnFailure?: (error: Error) => Promise<boolean>;
  };
}

/** How a consumer's fetched records reach the stage. */
export interface RunSettings {
  readonly autoCommit?: boolean;
  readonly eachBatchAutoResolve?: boolean;
  readonly partitionsConsumedConcurrently?: number;
  readonly eachBatch?: (delivery: BatchDelivery) => Promise<void>;
  readonly eachMessage?: (delivery: RecordDelivery) => Promise<void>;
}

/** A producer: plain sends, transactions, and the way out. */
export type ClientProducer = Pick<Producer, 'send' | 'sendBatch' | 'transaction' | 'disconnect'>;

/** One open transaction of a transactional producer. */
export type ClientTransaction = Pick<
  Transaction,
  'send' | 'sendBatch' | 'sendOffsets' | 'commit' | 'abort' | 'isActive'
>;

/** A plain consumer for readers outside a stage (the demo, tests, benchmarks' baselines). */
export type ClientConsumer = Pick<
  Consumer,
  'subscribe' | 'run' | 'stop' | 'disconnect' | 'pause' | 'resume' | 'seek' | 'commitOffsets' | 'on' | 'events'
>;

/** The consumer a stage's run hook sees: to commit past transaction markers at the end of a batch. */
export type ConsumerHandle = Pick<Consumer, 'on' | 'events' | 'commitOffsets'>;

/** The cluster operations the bridge performs: topics, partitions, configs, ACLs, offsets and groups. */
export type ClientAdmin = Pick<
  Admin,
  | 'listTopics'
  | 'createTopics'
  | 'deleteTopics'
  | 'createPartitions'
  | 'fetchTopicMetadata'
  | 'fetchTopicOffsets'
  | 'fetchTopicOffsetsByTimestamp'
  | 'fetchOffsets'
  | 'describeCluster'
  | 'describeGroups'
  | 'listGroups'
  | 'describeConfigs'
  | 'alterConfigs'
  | 'createAcls'
  | 'describeAcls'
  | 'deleteAcls'
>;
