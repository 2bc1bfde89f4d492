import { IdempotencyConflictError } from './gateway.errors';

interface Entry<T> {
  readonly fingerprint: string;
  readonly result: Promise<T>;
  readonly expiresAt: number;
}

/**
 * Remembers the answer per event id for `ttlMs`, so a sender that retries (timeout, lost response) gets
 * the same answer and the event is produced once. Concurrent duplicates share the one attempt; a failed
 * attempt is forgotten so the retry can succeed. Per gateway instance (docs/adr/0006).
 */
export class IdempotencyCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 100_000,
  ) {}

  run(
    key: string,
    fingerprint: string,
    nowMs: number,
    work: () => Promise<T>,
  ): { result: Promise<T>; replayed: boolean } {
    this.evict(nowMs);
    const existing = this.entries.get(key);
    if (existing) {
      if (existing.fingerprint !== fingerprint) {
        throw new IdempotencyConflictError(`event id ${key} was already used for different content`);
      }
      return { result: existing.result, replayed: true };
    }
    const result = work();
    this.entries.set(key, { fingerprint, result, expiresAt: nowMs + this.ttlMs });
    result.catch(() => this.entries.delete(key));
    return { result, replayed: false };
  }

  private evict(nowMs: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > nowMs && this.entries.size < this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}
