import type { Cursor } from './cursor';
import { DeliveryErasedError, DeliveryNotFoundError, DeliveryRetiredError, NotRecipientError } from './delivery.errors';
import { StringPool } from './string-pool';

/** One delivery as the recipient's software lists it; `viewRecord` holds its record in the recipient's view schema. */
export interface Delivery {
  /** The delivery's own event id (ksb-event-id of the delivery record). */
  readonly deliveryId: string;
  readonly officeId: string;
  readonly partition: number;
  readonly offset: bigint;
  /** The agency's event this delivery carries (its envelope's event id): what an acknowledgement names. */
  readonly sourceEventId: string;
  /** The case (the sender's correlation id). */
  readonly correlationId: string;
  readonly eventType: string;
  readonly urgency: string | null;
  readonly senderOfficeId: string | null;
  readonly receivedAt: string;
  /**
   * The record in the recipient's view schema, framed Avro as the redactor wrote it (opened, when it was sealed
   * under its case key), decoded when the office reads it: the API holds every delivery for its topics'
   * retention, and the bytes weigh a fraction of the decoded record (bench:delivery-memory).
   */
  readonly viewRecord: Buffer;
  /** The key the bridge sealed it under (an office without an encryption key): retired after acceptance. */
  readonly sealedKeyId?: string;
}

/** Why a delivery is no longer handed out: its case was erased, or its key retired after acceptance. */
interface Withheld {
  readonly officeId: string;
  readonly why: 'erased' | 'retired';
  readonly at: string;
}

export interface DeliveryPage {
  readonly deliveries: readonly Delivery[];
  /** Hand back as `after` to get what came since; unchanged when nothing new arrived. */
  readonly cursor: Cursor;
}

/**
 * Every office's deliveries, as read from its delivery topic, by position and by id. Only the recipient office
 * may list or read a delivery; asking for another office's delivery is refused (NOT_RECIPIENT), not answered
 * as unknown, so a mistaken credential shows up in the logs as what it is.
 */
export class DeliveryInbox {
  private readonly byOffice = new Map<string, Delivery[]>();
  private readonly byId = new Map<string, Delivery>();
  private readonly waiting = new Map<string, Set<() => void>>();
  /** Erased cases and when; deliveries of a case made up to then are withheld (ADR 0023). */
  private readonly erasedCases = new Map<string, string>();
  /** Withheld deliveries, by id, with their office and the erasure's time: asked for, they are gone (410). */
  private readonly withheld = new Map<string, Withheld>();
  /** Office ids, event types and urgencies arrive as fresh copies with every record: held once each. */
  private readonly pool = new StringPool();

  /**
   * Records arrive per partition in offset order; one seen before (a re-read after a restart) is ignored.
   * Says whether the delivery was new. One of a case erased after it was made is withheld, not added.
   */
  add(delivery: Delivery): boolean {
    if (this.byId.has(delivery.deliveryId) || this.withheld.has(delivery.deliveryId)) return false;
    const erasedAt = this.erasedCases.get(delivery.correlationId);
    if (erasedAt !== undefined && delivery.receivedAt <= erasedAt) {
      this.withheld.set(delivery.deliveryId, { officeId: delivery.officeId, why: 'erased', at: erasedAt });
      return false;
    }
    const held: Delivery = {
      ...delivery,
      officeId: this.pool.of(delivery.officeId),
      eventType: this.pool.of(delivery.eventType),
      urgency: this.pool.of(delivery.urgency),
      senderOfficeId: this.pool.of(delivery.senderOfficeId),
    };
    this.byId.set(held.deliveryId, held);
    const list = this.byOffice.get(held.officeId) ?? [];
    list.push(held);
    this.byOffice.set(held.officeId, list);
    const waiters = this.waiting.get(delivery.officeId);
    this.waiting.delete(delivery.officeId);
    waiters?.forEach((wake) => wake());
    return true;
  }

  /** Resolves when the office gets its next delivery, or after `ms`: a long poll answers at once, not on a tick. */
  next(officeId: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const waiters = this.waiting.get(officeId) ?? new Set<() => void>();
      const wake = () => {
        clearTimeout(timer);
        waiters.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      waiters.add(wake);
      this.waiting.set(officeId, waiters);
    });
  }

  /** How many deliveries it holds (withheld ones not counted). */
  get size(): number {
    return this.byId.size;
  }

  /** Every delivery to every office. */
  all(): IterableIterator<Delivery> {
    return this.byId.values();
  }

  /** Up to `limit` deliveries of the office after the cursor, oldest first, and the cursor after them. */
  page(officeId: string, after: Cursor, limit: number): DeliveryPage {
    const pending = (this.byOffice.get(officeId) ?? []).filter((d) => d.offset >= (after.get(d.partition) ?? 0n));
    const deliveries = pending.slice(0, limit);
    const cursor = new Map(after);
    for (const d of deliveries) {
      const next = d.offset + 1n;
      if (next > (cursor.get(d.partition) ?? 0n)) cursor.set(d.partition, next);
    }
    return { deliveries, cursor };
  }

  /**
   * A case was erased: its deliveries made until then leave the inbox (the view with them) and are answered
   * as gone; a later event of the case, under a new key, is delivered as usual. Either order of arrival works:
   * a delivery read after the erasure is withheld by `add`.
   */
  erase(correlationId: string, erasedAt: string): void {
    const earlier = this.erasedCases.get(correlationId);
    if (earlier !== undefined && earlier <= erasedAt) return;
    this.erasedCases.set(correlationId, erasedAt);
    for (const delivery of [...this.byId.values()])
      if (delivery.correlationId === correlationId && delivery.receivedAt <= erasedAt)
        this.withhold(delivery, { officeId: delivery.officeId, why: 'erased', at: erasedAt });
  }

  /** Its key was retired (accepted long enough ago, ADR 0023): the delivery leaves the inbox, answered as gone. */
  retire(deliveryId: string, retiredAt: string): void {
    const delivery = this.byId.get(deliveryId);
    if (delivery) this.withhold(delivery, { officeId: delivery.officeId, why: 'retired', at: retiredAt });
  }

  /**
   * A sealed delivery that no longer opens (read again after a restart): its case was erased, or its key
   * retired. Answered as gone, like one withheld while the API ran, not as unknown.
   */
  unreadable(delivery: Pick<Delivery, 'deliveryId' | 'officeId' | 'correlationId' | 'receivedAt'>): void {
    if (this.byId.has(delivery.deliveryId) || this.withheld.has(delivery.deliveryId)) return;
    const erasedAt = this.erasedCases.get(delivery.correlationId);
    this.withheld.set(
      delivery.deliveryId,
      erasedAt !== undefined && delivery.receivedAt <= erasedAt
        ? { officeId: delivery.officeId, why: 'erased', at: erasedAt }
        : { officeId: delivery.officeId, why: 'retired', at: 'before this start' },
    );
  }

  private withhold(delivery: Delivery, withheld: Withheld): void {
    this.byId.delete(delivery.deliveryId);
    const list = this.byOffice.get(delivery.officeId) ?? [];
    this.byOffice.set(
      delivery.officeId,
      list.filter((d) => d.deliveryId !== delivery.deliveryId),
    );
    this.withheld.set(delivery.deliveryId, withheld);
  }

  /** The delivery, if this office received it. */
  find(officeId: string, deliveryId: string): Delivery {
    const gone = this.withheld.get(deliveryId);
    if (gone?.officeId === officeId && gone.why === 'erased')
      throw new DeliveryErasedError(`delivery ${deliveryId} belonged to a case erased on ${gone.at}`);
    if (gone?.officeId === officeId)
      throw new DeliveryRetiredError(
        `delivery ${deliveryId} was accepted and its period ran out: its key was retired (${gone.at})`,
      );
    const delivery = this.byId.get(deliveryId);
    if (!delivery) throw new DeliveryNotFoundError(`no delivery ${deliveryId}`);
    if (delivery.officeId !== officeId)
      throw new NotRecipientError(`delivery ${deliveryId} was not made to ${officeId}`);
    return delivery;
  }
}
