import { HEADER, REQUEUE_HEADER } from '@ksb/contracts';
import { headerText, type RawHeaders } from '../headers/standard-headers';

/**
 * What the window keeps for a record: its event id; for a dead letter an operator put back (`ksb dlq
 * requeue`), the event id and the letter it came from. The requeued copy is meant to be processed again,
 * while a second copy of the same event from its sender is not; and each letter is requeued once.
 */
export const duplicateKey = (headers: RawHeaders): string | undefined => {
  const eventId = headerText(headers, HEADER.eventId);
  const requeuedFrom = headerText(headers, REQUEUE_HEADER.from);
  return eventId === undefined || requeuedFrom === undefined ? eventId : `${eventId} requeued from ${requeuedFrom}`;
};

/**
 * The event ids a stage committed recently, per input partition, so that an event written to its input twice
 * is recognised. A sender whose request failed ambiguously (the record landed, the answer did not) retries
 * with the same event id; the gateway shares a retry with an attempt still running, but after a failed
 * attempt it cannot know whether the record landed. Both copies carry the same key, so they share a
 * partition, and a client retries within minutes: a window of the last `size` events per partition covers it.
 */
export class DuplicateWindow {
  private readonly partitions = new Map<string, { ids: Set<string>; order: string[] }>();

  constructor(private readonly size = 10_000) {}

  has(topic: string, partition: number, eventId: string): boolean {
    return this.partitions.get(`${topic}:${partition}`)?.ids.has(eventId) ?? false;
  }

  /** Called with what a committed transaction consumed (or what was committed before a restart). */
  remember(topic: string, partition: number, eventIds: readonly string[]): void {
    const key = `${topic}:${partition}`;
    const window = this.partitions.get(key) ?? { ids: new Set<string>(), order: [] };
    this.partitions.set(key, window);
    for (const id of eventIds) {
      if (window.ids.has(id)) continue;
      window.ids.add(id);
      window.order.push(id);
    }
    const excess = window.order.length - this.size;
    if (excess > 0) for (const id of window.order.splice(0, excess)) window.ids.delete(id);
  }

  /**
   * After a transaction whose outcome is unknown (its commit failed: the answer may have been lost, not the
   * commit), the window cannot say whether those ids were committed: it is read again from the log.
   */
  forget(topic: string, partition: number): void {
    this.partitions.delete(`${topic}:${partition}`);
  }

  /** Whether a partition's window was filled since this process took it over. */
  knows(topic: string, partition: number): boolean {
    return this.partitions.has(`${topic}:${partition}`);
  }
}
