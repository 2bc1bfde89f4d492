import type { KeyObject } from 'node:crypto';
import { AUDIT_TRAIL_TOPIC, type AuditRecord } from '@ksb/contracts';
import { emptyChain, sealValid, storedHash, type ChainHead } from '@ksb/audit-chain';
import { isRetriable } from '@ksb/errors';
import { partitionBounds, readRange, type ConsumedRecord, type Wire } from '@ksb/wire';
import { sealOf } from './stored-batch';

/** Where a partition's chain stands when the writer (re)starts. */
export interface PartitionTail {
  readonly head: ChainHead;
  readonly last?: AuditRecord;
  /** Records after the writer's own last one that it did not write (forged, or bytes that do not decode). */
  readonly foreign: number;
}

/**
 * One window's read. The writer reads its tails while it claims: a read that fails makes it claim again,
 * one that hangs would be a stopped stage. A window of a million records reads in well under this (verify
 * reads 60–130 k records/s).
 */
const TAIL_READ_TIMEOUT_MS = 60_000;

/**
 * Reads, for every audit partition, the last committed record the writer itself sealed (its seal checks
 * against `writerKey`; each of the writer's transactions ends in one per partition), all partitions in one
 * read. Whatever follows it was written by someone else: the writer links to its own record, never to
 * those, so a forged record is never covered by a checkpoint and verify names it. The tail window grows tenfold for a partition until it holds one of the writer's records:
 * an aborted transaction leaves only markers and aborted records, a forger may have appended many.
 */
export const readChainTails = async (wire: Wire, writerKey: KeyObject): Promise<Map<number, PartitionTail>> => {
  const topic = wire.topic(AUDIT_TRAIL_TOPIC);
  const found = new Map<number, { last: AuditRecord; head: ChainHead; foreign: number }>();
  const foreignAfter = new Map<number, number>();
  let open = (await partitionBounds(wire, topic)).map((b) => ({ ...b, window: 16n }));
  const bounds = [...open];
  while (open.length > 0) {
    const ranges = open.map((b) => {
      const low = BigInt(b.from);
      const from = BigInt(b.to) - b.window > low ? BigInt(b.to) - b.window : low;
      return { partition: b.partition, from: String(from), to: b.to };
    });
    const windows = new Map<number, ConsumedRecord[]>();
    await readRange(wire, topic, ranges, {
      timeoutMs: TAIL_READ_TIMEOUT_MS,
      onMessages: (partition, messages) =>
        void windows.set(partition, [...(windows.get(partition) ?? []), ...messages]),
    });
    for (const [partition, messages] of windows) {
      const own = await lastOwnRecord(wire, partition, messages, writerKey);
      if (own) found.set(partition, own);
      else foreignAfter.set(partition, messages.length);
    }
    // Widen only where none of the writer's records was found and there is more log before the window.
    open = open
      .filter((b, i) => !found.has(b.partition) && ranges[i].from !== b.from)
      .map((b) => ({ ...b, window: b.window * 10n }));
  }
  const tails = new Map<number, PartitionTail>();
  for (const { partition } of bounds) {
    const own = found.get(partition);
    tails.set(partition, own ?? { head: emptyChain, foreign: foreignAfter.get(partition) ?? 0 });
  }
  return tails;
};

/** The last record in `messages` the writer sealed, and how many records follow it. */
const lastOwnRecord = async (
  wire: Wire,
  partition: number,
  messages: readonly ConsumedRecord[],
  writerKey: KeyObject,
): Promise<{ last: AuditRecord; head: ChainHead; foreign: number } | undefined> => {
  for (let i = messages.length - 1; i >= 0; i--) {
    const { value } = messages[i];
    const seal = sealOf(messages[i]);
    if (!seal || !value) continue;
    const record = await decoded(wire, value);
    if (!record) continue;
    const head = { sequence: Number(record.sequence), hash: storedHash(value) };
    if (sealValid(partition, head, seal, writerKey)) return { last: record, head, foreign: messages.length - 1 - i };
  }
  return undefined;
};

const decoded = async (wire: Wire, value: Buffer | null): Promise<AuditRecord | undefined> => {
  try {
    return (await wire.codec.decode<AuditRecord>(value)).value;
  } catch (error) {
    // The registry away must not make the writer start a new chain: the claim is tried again.
    if (isRetriable(error)) throw error;
    return undefined;
  }
};
