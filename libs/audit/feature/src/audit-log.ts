import { AUDIT_TRAIL_TOPIC, RECORD, type AuditRecord } from '@ksb/contracts';
import { offsetsAt, partitionBounds, readRange, type PartitionRange, type Wire } from '@ksb/wire';

export const AUDIT_RECORD = RECORD.AuditRecord;

export interface AuditLogWindow {
  /** Records the audit wrote at or after this instant (found by offset-for-timestamp, then filtered exactly). */
  readonly from?: Date;
  readonly to?: Date;
  readonly partitions?: readonly number[];
}

export interface AuditLogProgress {
  readonly read: number;
  readonly total: number;
}

/**
 * The offset ranges that hold a time window. The audit writer stamps each record's Kafka timestamp with its
 * recordedAt and keeps them rising per partition, so offset-for-timestamp finds the window's edges exactly.
 */
export const auditRanges = async (wire: Wire, window: AuditLogWindow = {}): Promise<PartitionRange[]> => {
  const topic = wire.topic(AUDIT_TRAIL_TOPIC);
  const bounds = await partitionBounds(wire, topic);
  const starts = window.from ? await offsetsAt(wire, topic, window.from) : undefined;
  const ends = window.to ? await offsetsAt(wire, topic, window.to) : undefined;
  return bounds
    .filter((b) => !window.partitions || window.partitions.includes(b.partition))
    .map((b) => ({
      partition: b.partition,
      from: starts?.get(b.partition) ?? b.from,
      to: ends?.get(b.partition) ?? b.to,
    }));
};

/** Reads audit records partition by partition in chain order; `onRecords` sees each batch once, in order. */
export const readAuditLog = async (
  wire: Wire,
  ranges: readonly PartitionRange[],
  onRecords: (partition: number, records: AuditRecord[]) => void | Promise<void>,
  onProgress?: (progress: AuditLogProgress) => void,
): Promise<void> => {
  const total = ranges.reduce((n, r) => n + Math.max(0, Number(r.to) - Number(r.from)), 0);
  let read = 0;
  await readRange(wire, wire.topic(AUDIT_TRAIL_TOPIC), ranges, {
    onMessages: async (partition, messages) => {
      const records = await wire.codec.decodeAll<AuditRecord>(messages.map((m) => m.value));
      await onRecords(partition, records);
      read += messages.length;
      onProgress?.({ read, total });
    },
  });
};
