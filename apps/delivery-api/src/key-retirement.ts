import type { CaseKeyStore } from '@ksb/case-keys';
import { dueForRetirement, type AnswerBook, type DeliveryInbox } from '@ksb/delivery-inbox';
import type { DeliveryApiMetrics } from './delivery-api.metrics';

/**
 * Retires the keys of sealed deliveries their office accepted longer ago than the period after acceptance
 * (deletion-periods.json, ADR 0023), and takes them out of the inbox: from then on nobody, the bridge
 * included, can read them, though their bytes stay on the topic until its retention ends. Every instance
 * does it; retiring a retired key again changes nothing. A store that cannot be written is tried next round,
 * and the metrics say so: the process goes on serving, since offices' reads matter more than a late retirement.
 */
export class DeliveryKeyRetirement {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly inbox: DeliveryInbox,
    private readonly answers: AnswerBook,
    private readonly store: CaseKeyStore,
    private readonly metrics: DeliveryApiMetrics,
    private readonly readableAfterAcceptanceMs: number,
    private readonly log: (entry: Record<string, unknown>) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  start(everyMs: number): void {
    const next = () => (this.running = this.round());
    next();
    this.timer = setInterval(next, everyMs);
    this.timer.unref();
  }

  /** One round: never throws; a failure is counted and logged, and the next round tries again. */
  async round(): Promise<void> {
    try {
      await this.retireDue();
      this.metrics.retirementSucceededAt.set(this.now().getTime() / 1000);
    } catch (error) {
      this.metrics.retirementFailures.inc();
      this.log({
        msg: 'delivery key retirement failed, tried again next round',
        level: 'warn',
        reason: (error as Error).message,
      });
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async retireDue(): Promise<void> {
    const now = this.now();
    const due = dueForRetirement(this.inbox.all(), this.answers, now, this.readableAfterAcceptanceMs);
    if (due.length === 0) return;
    const retired = await this.store.retire(due.map((d) => d.sealedKeyId as string));
    for (const delivery of due) this.inbox.retire(delivery.deliveryId, now.toISOString());
    this.metrics.keysRetired.inc(retired.length);
    this.log({
      msg: 'delivery keys retired after acceptance',
      level: 'log',
      deliveries: due.length,
      keys: retired.length,
    });
  }
}
