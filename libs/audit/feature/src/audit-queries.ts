import type { AuditRecord } from '@ksb/contracts';
import { matchesFilter, type RecordFilter } from '@ksb/audit-trail';
import { partitionBounds, readRange, type Wire } from '@ksb/wire';
import { auditRanges, readAuditLog, type AuditLogProgress } from './audit-log';

/** Streams the records a filter selects; the window narrows the offsets read, the filter checks each record. */
export const replayAudit = async (
  wire: Wire,
  filter: RecordFilter,
  onRecord: (record: AuditRecord, partition: number) => void | Promise<void>,
  onProgress?: (p: AuditLogProgress) => void,
): Promise<number> => {
  let matched = 0;
  const ranges = await auditRanges(wire, { from: filter.from, to: filter.to });
  await readAuditLog(
    wire,
    ranges,
    async (partition, records) => {
      for (const record of records) {
        if (!matchesFilter(record, filter)) continue;
        matched++;
        await onRecord(record, partition);
      }
    },
    onProgress,
  );
  return matched;
};

export const collectAudit = async (wire: Wire, filter: RecordFilter): Promise<AuditRecord[]> => {
  const out: AuditRecord[] = [];
  await replayAudit(wire, filter, (r) => void out.push(r));
  return out;
};

export type DeliveredEvent =
  | { readonly topic: string; readonly partition: number; readonly offset: string; readonly value: unknown }
  | { readonly topic: string; readonly partition: number; readonly offset: string; readonly expired: true };

/**
 * Re-reads what an office actually received, for the DELIVERED records given, while the delivery topic
 * still retains it. Only for auditors whose Kafka principal may read delivery topics: this is personal data.
 */
export const readDeliveredEvents = async (wire: Wire, delivered: readonly AuditRecord[]): Promise<DeliveredEvent[]> => {
  const out: DeliveredEvent[] = [];
  for (const record of delivered) {
    const { topic, partition, offset } = record.details;
    if (record.hop !== 'DELIVERED' || !topic || partition === undefined || offset === undefined) continue;
    const bounds = (await partitionBounds(wire, topic)).find((b) => b.partition === Number(partition));
    if (!bounds || BigInt(offset) < BigInt(bounds.from) || BigInt(offset) >= BigInt(bounds.to)) {
      out.push({ topic, partition: Number(partition), offset, expired: true });
      continue;
    }
    let value: unknown;
    await readRange(wire, topic, [{ partition: Number(partition), from: offset, to: String(BigInt(offset) + 1n) }], {
      onMessages: async (_, [message]) => {
        value = (await wire.codec.decode(message.value)).value;
      },
    });
    out.push({ topic, partition: Number(partition), offset, value });
  }
  return out;
};
