import { randomUUID } from 'node:crypto';
import { acceptedRecords, DIRECTORY_SNAPSHOT_TOPIC, type DirectorySnapshot } from '@ksb/contracts';
import { checkSnapshot, fromSnapshot } from '@ksb/directory';
import type { SigningKey } from '@ksb/signatures';
import { decodeMessage, type SupervisedConsumer, type Wire, type ConsumedRecord } from '@ksb/wire';
import type { DirectoryHolder } from './directory-holder';

export const DIRECTORY_TOPIC = DIRECTORY_SNAPSHOT_TOPIC;

export type DirectoryChange =
  | { readonly version: string; readonly signedBy: string }
  | { readonly rejected: string; readonly code: string; readonly version?: string };

/**
 * Follows the compacted directory topic (every instance reads all of it, so its group is its own) and
 * swaps the holder's version. A snapshot that is not signed by a trusted maintainer key, or fails
 * validation, is reported and ignored: the running version stays, nothing is routed with a forged or
 * broken directory. The trusted keys come from the service's configuration, never from a snapshot.
 */
export class DirectoryWatcher {
  private consumer?: SupervisedConsumer;

  constructor(
    private readonly wire: Wire,
    private readonly holder: DirectoryHolder,
    private readonly onChange: (change: DirectoryChange) => void,
    private readonly trustedMaintainers: readonly SigningKey[],
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

  private async apply(topic: string, partition: number, message: ConsumedRecord): Promise<void> {
    const decoded = await decodeMessage<DirectorySnapshot>(
      this.wire.codec,
      { topic, partition, ...message },
      acceptedRecords(DIRECTORY_TOPIC),
    );
    if (decoded.kind !== 'decoded') return this.refuse('UNDECODABLE', decoded.error.message);
    const snapshot = decoded.value;
    const check = checkSnapshot(snapshot, this.trustedMaintainers, new Date());
    if (!check.ok) return this.refuse(check.code, check.explanation, snapshot.version);
    try {
      if (this.holder.replace(fromSnapshot(snapshot), check.keyId))
        this.onChange({ version: snapshot.version, signedBy: check.keyId });
    } catch (error) {
      this.refuse('DIRECTORY_INVALID', (error as Error).message, snapshot.version);
    }
  }

  private refuse(code: string, reason: string, version?: string): void {
    this.holder.refuse({ version: version ?? '?', code, reason, at: new Date().toISOString() });
    this.onChange({ rejected: reason, code, ...(version ? { version } : {}) });
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }
}
