import { AUDIT_TRAIL_TOPIC, type AuditRecord } from '@ksb/contracts';
import { emptyChain, hashOf, type ChainHead } from '@ksb/audit-chain';
import { partitionBounds, readRange, type Wire } from '@ksb/wire';

/** Where a partition's chain stands when the writer (re)starts. */
export interface PartitionTail {
  readonly head: ChainHead;
  readonly last?: AuditRecord;
}

/**
 * Reads the last committed record of every audit partition, all partitions in one read. The tail window
 * grows tenfold for a partition until it holds a record: an aborted transaction at the end leaves only
 * markers and aborted records there.
 */
export const readChainTails = async (wire: Wire): Promise<Map<number, PartitionTail>> => {
  const topic = wire.topic(AUDIT_TRAIL_TOPIC);
  const lastValues = new Map<number, Buffer | null>();
  let open = (await partitionBounds(wire, topic)).map((b) => ({ ...b, window: 16n }));
  const bounds = [...open];
  while (open.length > 0) {
    const ranges = open.map((b) => {
      const low = BigInt(b.from);
      const from = BigInt(b.to) - b.window > low ? BigInt(b.to) - b.window : low;
      return { partition: b.partition, from: String(from), to: b.to };
    });
    await readRange(wire, topic, ranges, {
      onMessages: (partition, messages) => void lastValues.set(partition, messages[messages.length - 1].value),
    });
    // Widen only where nothing was found and there is more log before the window.
    open = open
      .filter((b, i) => !lastValues.has(b.partition) && ranges[i].from !== b.from)
      .map((b) => ({ ...b, window: b.window * 10n }));
  }
  const tails = new Map<number, PartitionTail>();
  for (const { partition } of bounds) {
    const value = lastValues.get(partition);
    const last = value ? (await wire.codec.decode<AuditRecord>(value)).value : undefined;
    tails.set(partition, { head: last ? { sequence: Number(last.sequence), hash: hashOf(last) } : emptyChain, last });
  }
  return tails;
};
