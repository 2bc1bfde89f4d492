import type { CaseKeyStore } from '@ksb/case-keys';
import { dueForRetirement, type AnswerBook, type DeliveryInbox } from '@ksb/delivery-inbox';

/**
 * Retires the keys of sealed deliveries their office accepted longer ago than the period after acceptance
 * (deletion-periods.json, ADR 0023), and takes them out of the inbox: from then on nobody, the bridge
 * included, can read them, though their bytes stay on the topic until its retention ends. Every instance
 * does it; retiring a retired key again changes nothing. A store that cannot be written is tried next round.
 */
export class DeliveryKeyRetirement {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly inbox: DeliveryInbox,
    private readonly answers: AnswerBook,
    private readonly store: CaseKeyStore,
    private readonly readableAfterAcceptanceMs: number,
    private readonly log: (entry: Record<string, unknown>) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  start(everyMs: number): void {
    const round = () => {
      this.running = this.retireDue().catch((error: Error) =>
        this.log({
          msg: 'delivery key retirement failed, tried again next round',
          level: 'warn',
          reason: error.message,
        }),
      );
    };
    round();
    this.timer = setInterval(round, everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async retireDue(): Promise<void> {
    const now = this.now();
    const due = dueForRetirement(this.inbox.all(), this.answers, now, this.readableAfterAcceptanceMs);
    if (due.length === 0) return;
    const retired = await this.store.retire(due.map((d) => d.sealedKeyId as string));
    for (const delivery of due) this.inbox.retire(delivery.deliveryId, now.toISOString());
    this.log({
      msg: 'delivery keys retired after acceptance',
      level: 'log',
      deliveries: due.length,
      keys: retired.length,
    });
  }
}
