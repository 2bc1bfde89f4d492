import { randomUUID } from 'node:crypto';
import type { DirectorySnapshot } from '@ksb/contracts';
import { fromSnapshot } from '@ksb/directory';
import { decodeMessage, type Wire } from '@ksb/wire';
import type { Consumer } from 'kafkajs';
import type { DirectoryHolder } from './directory-holder';

export const DIRECTORY_TOPIC = 'ksb.directory.snapshot';

/**
 * Follows the compacted directory topic (every instance reads all of it, so its group is its own) and
 * swaps the holder's version. A snapshot that fails validation is reported and ignored: the running
 * version stays, nothing is routed with a broken directory.
 */
export class DirectoryWatcher {
  private consumer?: Consumer;

  constructor(
    private readonly wire: Wire,
    private readonly holder: DirectoryHolder,
    private readonly onChange: (event: { version: string } | { rejected: string }) => void,
  ) {}

  async start(service: string): Promise<void> {
    this.consumer = await this.wire.consumer({ groupId: `ksb-${service}-directory-${randomUUID()}` });
    await this.consumer.subscribe({ topics: [this.wire.topic(DIRECTORY_TOPIC)], fromBeginning: true });
    await this.consumer.run({
      // Every start reads the compacted snapshot from the beginning, so offsets are never committed: a
      // committed offset would only leave a dead group behind per restart for the lag monitor to report.
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        const decoded = await decodeMessage<DirectorySnapshot>(this.wire.codec, { topic, partition, ...message });
        if (decoded.kind !== 'decoded') return this.onChange({ rejected: decoded.error.message });
        try {
          if (this.holder.replace(fromSnapshot(decoded.value))) this.onChange({ version: decoded.value.version });
        } catch (error) {
          this.onChange({ rejected: (error as Error).message });
        }
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
