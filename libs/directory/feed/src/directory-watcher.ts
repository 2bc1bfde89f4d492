import { randomUUID } from 'node:crypto';
import type { KafkaMessage } from 'kafkajs';
import { acceptedRecords, DIRECTORY_SNAPSHOT_TOPIC, type DirectorySnapshot } from '@ksb/contracts';
import { fromSnapshot } from '@ksb/directory';
import { decodeMessage, type SupervisedConsumer, type Wire } from '@ksb/wire';
import type { DirectoryHolder } from './directory-holder';

export const DIRECTORY_TOPIC = DIRECTORY_SNAPSHOT_TOPIC;

/**
 * Follows the compacted directory topic (every instance reads all of it, so its group is its own) and
 * swaps the holder's version. A snapshot that fails validation is reported and ignored: the running
 * version stays, nothing is routed with a broken directory.
 */
export class DirectoryWatcher {
  private consumer?: SupervisedConsumer;

  constructor(
    private readonly wire: Wire,
    private readonly holder: DirectoryHolder,
    private readonly onChange: (event: { version: string } | { rejected: string }) => void,
  ) {}

  async start(service: string): Promise<void> {
    this.consumer = await this.wire.supervisedConsumer({
      name: 'directory-watcher',
      config: { groupId: `ksb-${service}-directory-${randomUUID()}` },
      topics: [this.wire.topic(DIRECTORY_TOPIC)],
      fromBeginning: true,
      // The service keeps routing with the version it has while the watcher recovers.
      critical: false,
      run: () => ({
        // Every start reads the compacted snapshot from the beginning, so offsets are never committed: a
        // committed offset would only leave a dead group behind per restart for the lag monitor to report.
        autoCommit: false,
        eachMessage: ({ topic, partition, message }) => this.apply(topic, partition, message),
      }),
    });
  }

  private async apply(topic: string, partition: number, message: KafkaMessage): Promise<void> {
    const decoded = await decodeMessage<DirectorySnapshot>(
      this.wire.codec,
      { topic, partition, ...message },
      acceptedRecords(DIRECTORY_TOPIC),
    );
    if (decoded.kind !== 'decoded') return this.onChange({ rejected: decoded.error.message });
    try {
      if (this.holder.replace(fromSnapshot(decoded.value))) this.onChange({ version: decoded.value.version });
    } catch (error) {
      this.onChange({ rejected: (error as Error).message });
    }
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }
}
