interface Sample {
  readonly offset: number;
  readonly at: number;
}

/**
 * When did a partition's log end reach each offset? A table of (high watermark, time) samples per
 * partition, as kafka-lag-exporter keeps: the time lag of a committed offset is how long ago the first
 * message not yet consumed was appended, found by linear interpolation between the samples around it.
 */
export class OffsetTimeTable {
  private readonly samples: Sample[] = [];

  constructor(private readonly capacity = 120) {}

  record(high: number, at: number): void {
    const last = this.samples[this.samples.length - 1];
    // Only a moving log end adds information; an idle partition keeps one sample (and refreshes its time).
    if (last && last.offset === high) {
      if (this.samples.length >= 2 && this.samples[this.samples.length - 2].offset === high) this.samples.pop();
      this.samples.push({ offset: high, at });
      return;
    }
    this.samples.push({ offset: high, at });
    if (this.samples.length > this.capacity) this.samples.shift();
  }

  /**
   * Seconds the group is behind at `committed` (the next offset it will read), at `now`. Zero when nothing is
   * waiting; null when the table cannot tell yet (one sample only). Older than the oldest sample: the age of
   * that sample, a lower bound.
   */
  lagSeconds(committed: number, now: number): number | null {
    const latest = this.samples[this.samples.length - 1];
    if (!latest || committed >= latest.offset) return 0;
    // The message at `committed` was appended when the log end first went past it: find that moment.
    const target = committed + 1;
    const after = this.samples.findIndex((s) => s.offset >= target);
    if (after <= 0) return this.samples.length < 2 ? null : Math.max(0, (now - this.samples[0].at) / 1000);
    const a = this.samples[after - 1];
    const b = this.samples[after];
    const appended = a.at + ((target - a.offset) / (b.offset - a.offset)) * (b.at - a.at);
    return Math.max(0, (now - appended) / 1000);
  }
}
