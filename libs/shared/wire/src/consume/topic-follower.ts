import { isRetriable } from '@ksb/errors';
import type { RawHeaders } from '../headers/standard-headers';
import type { DecodedValue } from '../codec/avro-codec';
import type { Wire } from '../wire';
import { partitionBounds, readRange } from './read-range';
import type { SupervisedConsumer } from './supervised-consumer';

/** One record as a follower's handler sees it. */
export interface FollowedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly timestamp: string;
  readonly value: Buffer | null;
  readonly headers: RawHeaders;
}

export type RecordHandler = (record: FollowedRecord) => Promise<void>;

/** Told of a record a follower cannot read and leaves out. */
export type SkippedRecord = (record: FollowedRecord, error: Error) => void;

/**
 * Reads topics into memory, read_committed, from the beginning at each start and without committing: the
 * topics are the store, so every instance and every restart rebuilds the same state. `loadFirst` reads each
 * topic to the end it had at start before `start` returns, for state that must be complete before the API
 * answers (what an office already answered); then a supervised consumer follows. The handler must take the
 * same record twice without effect: the load and the follower overlap, and a recovering consumer re-reads.
 */
export class TopicFollower {
  private consumer?: SupervisedConsumer;

  constructor(
    private readonly wire: Wire,
    private readonly name: string,
    private readonly topics: readonly string[],
    private readonly handle: RecordHandler,
  ) {}

  async start(options: { loadFirst: boolean }): Promise<void> {
    if (options.loadFirst)
      await Promise.all(
        this.topics.map(async (topic) =>
          readRange(this.wire, topic, await partitionBounds(this.wire, topic), {
            onMessages: async (partition, messages) => {
              for (const m of messages)
                await this.handle({ topic, partition, ...m, headers: (m.headers ?? {}) as RawHeaders });
            },
          }),
        ),
      );
    this.consumer = await this.wire.supervisedConsumer({
      name: this.name,
      config: {
        groupId: this.wire.groupIdFor(this.name),
        readUncommitted: false,
        allowAutoTopicCreation: false,
        maxWaitTimeInMs: 100,
      },
      topics: this.topics,
      fromBeginning: true,
      run: () => ({
        autoCommit: false,
        eachMessage: ({ topic, partition, message }) =>
          this.handle({ topic, partition, ...message, headers: (message.headers ?? {}) as RawHeaders }),
      }),
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }
}

/**
 * A handler that decodes each record and hands on its value. A record that can never be decoded is skipped
 * (and told to `skipped`, if given): followers build state from topics other stages write and dead-letter
 * themselves. A registry that is away is thrown, so the follower's consumer restarts and reads it again.
 */
export const decodedRecords =
  <T>(
    wire: Wire,
    use: (value: T, record: FollowedRecord, decoded: DecodedValue<T>) => void | Promise<void>,
    skipped?: SkippedRecord,
  ): RecordHandler =>
  async (record) => {
    let decoded: DecodedValue<T>;
    try {
      decoded = await wire.codec.decode<T>(record.value);
    } catch (error) {
      if (isRetriable(error)) throw error;
      skipped?.(record, error as Error);
      return;
    }
    await use(decoded.value, record, decoded);
  };
