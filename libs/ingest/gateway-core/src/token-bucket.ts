/**
 * Per-office rate limit: a bucket of `capacity` events refilled at `perSecond`. It protects the bridge
 * from a runaway agency system without slowing a real burst (a night with several call-outs).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
  ) {}

  /** Takes one token; returns 0 when allowed, else the whole seconds to wait. */
  take(key: string, nowMs: number): number {
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, at: nowMs };
    const tokens = Math.min(this.capacity, bucket.tokens + ((nowMs - bucket.at) / 1000) * this.perSecond);
    if (tokens >= 1) {
      this.buckets.set(key, { tokens: tokens - 1, at: nowMs });
      return 0;
    }
    this.buckets.set(key, { tokens, at: nowMs });
    return Math.ceil((1 - tokens) / this.perSecond);
  }
}
