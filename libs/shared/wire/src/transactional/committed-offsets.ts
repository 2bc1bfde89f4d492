import type { ConsumedRecord } from '../port/kafka-client.port';

/**
 * The offsets this process has committed, per partition. After a consumer restart kafkajs may start a
 * partition from a committed offset read before this process's last commit landed (kafkajs has no
 * KIP-447 to fence that), so a batch can begin with records already processed and committed here. They
 * are skipped: anything below an offset this process committed is done, whoever holds the partition now.
 */
export class CommittedOffsets {
  private readonly next = new Map<string, bigint>();

  committed(topic: string, partition: number, nextOffset: string): void {
    const key = `${topic}:${partition}`;
    const offset = BigInt(nextOffset);
    if (offset > (this.next.get(key) ?? -1n)) this.next.set(key, offset);
  }

  /** The first offset of a partition ("topic:partition") not yet committed by this process, if known. */
  resumesAt(key: string): string | undefined {
    return this.next.get(key)?.toString();
  }

  /** Whether committing `nextOffset` would move the partition forward (unknown partitions: yes). */
  isAhead(topic: string, partition: number, nextOffset: string): boolean {
    const known = this.next.get(`${topic}:${partition}`);
    return known === undefined || BigInt(nextOffset) > known;
  }

  /** Index of the first message not yet committed by this process. */
  firstPending(topic: string, partition: number, messages: readonly ConsumedRecord[]): number {
    const next = this.next.get(`${topic}:${partition}`);
    if (next === undefined) return 0;
    const index = messages.findIndex((m) => BigInt(m.offset) >= next);
    return index === -1 ? messages.length : index;
  }
}
