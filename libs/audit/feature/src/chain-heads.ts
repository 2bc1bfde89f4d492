import { AUDIT_TRAIL_TOPIC, type AuditRecord } from '@ksb/contracts';
import { emptyChain, hashOf, type ChainHead } from '@ksb/audit-chain';
import { partitionBounds, readRange, type Wire } from '@ksb/wire';

/** Where a partition's chain stands when the writer (re)starts. */
export interface PartitionTail {
  readonly head: ChainHead;
  readonly last?: AuditRecord;
}

/**
 * Reads the last committed record of every audit partition. The tail window grows tenfold until it holds a
 * record: an aborted transaction at the end leaves only markers and aborted records there.
 */
export const readChainTails = async (wire: Wire): Promise<Map<number, PartitionTail>> => {
  const topic = wire.topic(AUDIT_TRAIL_TOPIC);
  const tails = new Map<number, PartitionTail>();
  for (const bounds of await partitionBounds(wire, topic)) {
    const low = BigInt(bounds.from);
    const high = BigInt(bounds.to);
    let last: AuditRecord | undefined;
    for (let window = 16n; !last; window *= 10n) {
      const from = high - window > low ? high - window : low;
      if (from >= high) break;
      let lastValue: Buffer | null = null;
      await readRange(wire, topic, [{ partition: bounds.partition, from: String(from), to: bounds.to }], {
        onMessages: (_, messages) => {
          lastValue = messages[messages.length - 1].value;
        },
      });
      if (lastValue) last = (await wire.codec.decode<AuditRecord>(lastValue)).value;
      if (from === low) break;
    }
    tails.set(bounds.partition, {
      head: last ? { sequence: Number(last.sequence), hash: hashOf(last) } : emptyChain,
      last,
    });
  }
  return tails;
};
