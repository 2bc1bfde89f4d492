import type { AnswerBook, AnswerRequest, Acknowledgement, Delivery, RecordedAnswer } from '@ksb/delivery-inbox';
import type { IngestPublisher } from '@ksb/producer';

export interface AnswerReceipt {
  readonly deliveryId: string;
  readonly status: string;
  readonly reason: string | null;
  readonly acknowledgementId: string;
  readonly at: string;
}

/**
 * Turns an office's pickup, accept and reject into Acknowledgement events on the ingest topic, signed with the
 * API's proxy key: from there they take the path of every event (router, redactor, audit) back to the sender.
 * One answer per delivery at a time in this process, and each is booked as soon as it is published, so a
 * double click publishes once; across restarts and instances the derived event id keeps it one event.
 */
export class AnswerDesk {
  private readonly busy = new Map<string, Promise<unknown>>();

  constructor(
    private readonly book: AnswerBook,
    private readonly publisher: Pick<IngestPublisher, 'publish'>,
    private readonly log: (entry: object) => void,
  ) {}

  /** The first time the office opens a delivery: a RECEIVED receipt. A failure is logged; the next open retries. */
  async pickedUp(delivery: Delivery): Promise<void> {
    try {
      await this.serially(delivery, async () => {
        const receipt = this.book.pickup(delivery);
        if (receipt) await this.publish(receipt);
      });
    } catch (error) {
      this.log({ msg: 'pickup receipt not sent', deliveryId: delivery.deliveryId, reason: (error as Error).message });
    }
  }

  answer(delivery: Delivery, request: AnswerRequest): Promise<AnswerReceipt> {
    return this.serially(delivery, async () => {
      const acknowledgement = this.book.decide(delivery, request);
      const answered = acknowledgement ? await this.publish(acknowledgement) : this.book.of(delivery).decision;
      if (!answered) throw new Error(`no answer booked for ${delivery.deliveryId}`);
      return {
        deliveryId: delivery.deliveryId,
        status: answered.status,
        reason: answered.reason,
        acknowledgementId: answered.eventId,
        at: answered.at,
      };
    });
  }

  private async publish(acknowledgement: Acknowledgement): Promise<RecordedAnswer> {
    await this.publisher.publish(acknowledgement.senderOfficeId, 'acknowledgement', acknowledgement.content);
    const answered: RecordedAnswer = {
      eventId: acknowledgement.eventId,
      senderOfficeId: acknowledgement.senderOfficeId,
      acknowledgedEventId: acknowledgement.content.acknowledgedEventId,
      status: acknowledgement.content.status,
      reason: acknowledgement.content.reason,
      at: new Date().toISOString(),
    };
    this.book.record(answered);
    return answered;
  }

  private serially<T>(delivery: Delivery, work: () => Promise<T>): Promise<T> {
    const previous = this.busy.get(delivery.deliveryId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.busy.set(delivery.deliveryId, next);
    void next
      .finally(() => this.busy.get(delivery.deliveryId) === next && this.busy.delete(delivery.deliveryId))
      .catch(() => undefined);
    return next;
  }
}
