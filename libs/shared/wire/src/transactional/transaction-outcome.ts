import type { LandedRecord } from '../publish/bounded-send';
import { readRange } from '../consume/read-range';
import type { Wire } from '../wire';

/**
 * Whether the transaction that wrote `landed` committed. Asked after a commit whose answer was lost (a
 * broker died while it ran) and after the transactional id was claimed again, which completes or aborts
 * it: a read_committed fetch then shows the record at its offset only if the transaction committed.
 */
export const transactionCommitted = async (wire: Wire, landed: LandedRecord, timeoutMs = 60_000): Promise<boolean> => {
  const to = String(BigInt(landed.offset) + 1n);
  const deadline = Date.now() + timeoutMs;
  // Asked right after a broker came back: its group coordinator may still be loading, which ends one read.
  for (let attempt = 1; ; attempt++) {
    let found = false;
    try {
      await readRange(wire, landed.topic, [{ partition: landed.partition, from: landed.offset, to }], {
        timeoutMs: Math.max(1000, deadline - Date.now()),
        onMessages: (_, messages) => {
          if (messages.some((m) => m.offset === landed.offset)) found = true;
        },
      });
      return found;
    } catch (error) {
      if (Date.now() + 500 * attempt >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
};

interface Unsettled {
  readonly landed?: LandedRecord;
  readonly onCommitted: () => void;
}

/**
 * Commits a stage asked for whose answer it did not get, per transactional id. The group's committed offset
 * cannot settle them: kafkajs has no OffsetFetch with require_stable, and a commit read back from the group
 * too early after a leader moved showed the old offset, so the router's or redactor's input was processed
 * twice (27 duplicated deliveries in the leader-SIGKILL fault scenario). The transaction's own output can:
 * once the id is claimed again, the first record it wrote is either readable (committed) or not (aborted).
 */
export class UnsettledCommits {
  private readonly pending = new Map<string, Unsettled>();

  constructor(
    private readonly wire: Wire,
    private readonly log: (entry: object) => void,
  ) {}

  /** Call just before commit(); `onCommitted` records the effect of the commit should it have taken place. */
  asked(id: string, landed: LandedRecord | undefined, onCommitted: () => void): void {
    this.pending.set(id, { landed, onCommitted });
  }

  /** Call when commit() answered. */
  answered(id: string): void {
    this.pending.delete(id);
  }

  /** Call after claiming `id` again and before reading the group's offsets. */
  async settle(id: string): Promise<void> {
    const unsettled = this.pending.get(id);
    if (!unsettled) return;
    if (!unsettled.landed) {
      // A transaction without output leaves nothing to read back; the group's offset decides.
      this.log({ msg: 'commit outcome unknown', transactionalId: id });
    } else {
      const committed = await transactionCommitted(this.wire, unsettled.landed);
      this.log({ msg: 'commit outcome settled', transactionalId: id, committed });
      if (committed) unsettled.onCommitted();
    }
    this.pending.delete(id);
  }
}
