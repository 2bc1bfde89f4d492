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
 * one that hangs would be a stopped stage. A window of MAX_TAIL_WINDOW offsets per partition reads in well under
 * this (verify reads 60–130 k records/s).
 */
const TAIL_READ_TIMEOUT_MS = 60_000;
/** A clean stop leaves the writer's own record within the last few offsets of each partition. */
const FIRST_WINDOW = 16n;
/**
 * Windows grow tenfold up to this many offsets. Each read then stays bounded in time and memory however many
 * records a forger appended: a search through millions goes on window by window instead of asking for one
 * read that outlasts its time-out, fails, and is asked for again on every claim.
 */
const MAX_TAIL_WINDOW = 100_000n;

interface TailSearch {
  readonly partition: number;
  /** The partition's first offset: the search ends there. */
  readonly low: bigint;
  /** Where the window still to read ends (exclusive): everything from here on has been read. */
  readonly end: bigint;
  readonly window: bigint;
  /** Records read so far that the writer did not seal: they all follow its own last record. */
  readonly foreign: number;
}

/**
 * Reads, for every audit partition, the last committed record the writer itself sealed (its seal checks
 * against `writerKey`; each of the writer's transactions ends in one per partition), all partitions in one
 * read per window. Whatever follows it was written by someone else: the writer links to its own record,
 * never to those, so a forged record is never covered by a checkpoint and verify names it. The search walks
 * back a window at a time until it meets one of the writer's records: an aborted transaction leaves only
 * markers and aborted records, a forger may have appended many. Each window ends where the last began, so
 * nothing is read twice and only one window's records are held.
 */
export const readChainTails = async (
  wire: Wire,
  writerKey: KeyObject,
  maxWindow = MAX_TAIL_WINDOW,
): Promise<Map<number, PartitionTail>> => {
  const topic = wire.topic(AUDIT_TRAIL_TOPIC);
  const tails = new Map<number, PartitionTail>();
  let open: TailSearch[] = (await partitionBounds(wire, topic)).map((b) => ({
    partition: b.partition,
    low: BigInt(b.from),
    end: BigInt(b.to),
    window: FIRST_WINDOW < maxWindow ? FIRST_WINDOW : maxWindow,
    foreign: 0,
  }));
  while (open.length > 0) {
    const ranges = open.map((s) => ({
      partition: s.partition,
      from: s.end - s.window > s.low ? s.end - s.window : s.low,
      to: s.end,
    }));
    const windows = new Map<number, ConsumedRecord[]>();
    await readRange(
      wire,
      topic,
      ranges.map((r) => ({ partition: r.partition, from: String(r.from), to: String(r.to) })),
      {
        timeoutMs: TAIL_READ_TIMEOUT_MS,
        onMessages: (partition, messages) =>
          void windows.set(partition, [...(windows.get(partition) ?? []), ...messages]),
      },
    );
    const further: TailSearch[] = [];
    for (const [i, search] of open.entries()) {
      const messages = windows.get(search.partition) ?? [];
      const own = await lastOwnRecord(wire, search.partition, messages, writerKey);
      const foreign = search.foreign + (own ? own.foreign : messages.length);
      if (own) tails.set(search.partition, { ...own, foreign });
      else if (ranges[i].from === search.low) tails.set(search.partition, { head: emptyChain, foreign });
      else {
        const window = search.window * 10n < maxWindow ? search.window * 10n : maxWindow;
        further.push({ ...search, end: ranges[i].from, window, foreign });
      }
    }
    open = further;
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
