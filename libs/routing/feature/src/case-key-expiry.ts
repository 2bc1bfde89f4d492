import type { CaseKeyStore } from '@ksb/case-keys';

/**
 * Drops case keys once nothing sealed under them can be read back any more (`caseKeyLifeMs`, from the
 * deletion periods): the router makes the keys, so it expires them, now and every hour. Several routers doing
 * it at once is harmless. A failure is logged and tried again at the next turn: it delays an expiry, it never
 * stops routing.
 */
export class CaseKeyExpiry {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly store: CaseKeyStore,
    private readonly lifeMs: number,
    private readonly log: (entry: object) => void,
    private readonly everyMs = 3_600_000,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    void this.once();
    this.timer = setInterval(() => void this.once(), this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async once(): Promise<readonly string[]> {
    const before = new Date(this.now() - this.lifeMs);
    try {
      const expired = await this.store.expire(before);
      if (expired.length > 0) this.log({ msg: 'case keys expired', before: before.toISOString(), logs: expired });
      return expired;
    } catch (error) {
      this.log({ msg: 'case key expiry failed, tried again within the hour', error: (error as Error).message });
      return [];
    }
  }
}
