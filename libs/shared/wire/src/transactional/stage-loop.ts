import { TRANSACTION_MAX_INPUT_BYTES, TRANSACTION_MAX_INPUT_RECORDS } from '@ksb/contracts';
import { DEFAULT_RECOVERY } from '../consume/supervised-consumer';
import { RdkafkaStageLoop } from '../rdkafka/rdkafka-stage-loop';
import type { Wire } from '../wire';
import { KafkajsStageLoop } from './kafkajs-stage-loop';
import type { StageWork } from './stage-work';

/**
 * The client that runs a stage's transactional loop (docs/adr/0022):
 * - kafkajs: a transaction per partition batch, a transactional id per input partition unless one fixed id
 *   is given (then every partition is worked through that one producer, one transaction at a time);
 * - librdkafka: KIP-447, one transaction per poll, one transactional id per instance, which must be given
 *   and stay the same across restarts of the instance.
 */
export type StageClient =
  | { readonly kind: 'kafkajs'; readonly partitionsInParallel?: number; readonly transactionalId?: string }
  | { readonly kind: 'librdkafka'; readonly transactionalId: string };

export interface StageLoopOptions {
  readonly wire: Wire;
  readonly name: string;
  readonly groupId: string;
  /** Physical topic names. */
  readonly topics: readonly string[];
  readonly client: StageClient;
  readonly work: StageWork;
  /** Consumer session timeout: how long a crashed instance holds its partitions. */
  readonly sessionTimeoutMs?: number;
  /** Input per transaction (defaults from the size limits); a test may lower them to see the split. */
  readonly maxInputRecords?: number;
  readonly maxInputBytes?: number;
  /** How often StageWork.idle is asked for records due without input. */
  readonly idleEveryMs?: number;
}

/** One transactional loop, whichever client runs it; the stage's own side is its StageWork. */
export interface StageLoop {
  start(): Promise<void>;
  /** `final` (the default) asks the stage's idle work once more; false when the stage stops on a fatal error. */
  stop(final?: boolean): Promise<void>;
}

export const stageLoop = (options: StageLoopOptions): StageLoop => {
  const { wire, client } = options;
  const common = {
    name: options.name,
    groupId: options.groupId,
    topics: options.topics,
    sessionTimeoutMs: options.sessionTimeoutMs ?? 10_000,
    maxInputRecords: options.maxInputRecords ?? TRANSACTION_MAX_INPUT_RECORDS,
    maxInputBytes: options.maxInputBytes ?? TRANSACTION_MAX_INPUT_BYTES,
    idleEveryMs: options.idleEveryMs,
    work: options.work,
  };
  if (client.kind === 'kafkajs')
    return new KafkajsStageLoop({
      ...common,
      wire,
      partitionsInParallel: client.partitionsInParallel ?? 1,
      transactionalId: client.transactionalId,
    });
  const loop = new RdkafkaStageLoop({
    ...common,
    wire: wire.options,
    transactionalId: client.transactionalId,
    recovery: { ...DEFAULT_RECOVERY, ...wire.options.recovery },
    onGiveUp: (health) => wire.options.onConsumerGaveUp?.(health),
  });
  return {
    start: async () => {
      await loop.start();
      wire.watch(loop);
    },
    stop: (final) => loop.stop(final),
  };
};
