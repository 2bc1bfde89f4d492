import { DELIVERY_HEADER, deliveryTopicName, HEADER } from '@ksb/contracts';
import type { Directory } from '@ksb/directory';
import type { Delivery, DeliveryInbox } from '@ksb/delivery-inbox';
import { isSealed, sealedKeyId } from '@ksb/case-keys';
import { reasonCodeOf } from '@ksb/errors';
import { decodedRecords, headerText, type Wire } from '@ksb/wire';

/**
 * Keys destroyed on purpose. Not CASE_KEY_UNKNOWN: a key the store never held means a wrong key directory or a
 * lost store, and every delivery would quietly count as gone; that stays an error in the log.
 */
const KEY_GONE = new Set(['CASE_ERASED', 'CASE_KEY_RETIRED']);

type View = {
  urgency?: string | null;
  envelope?: { eventId?: string; correlationId?: string; senderOfficeId?: string | null };
};

/** Every office's delivery topic (physical names) and the office each belongs to. */
export const deliveryTopics = (wire: Wire, directory: Directory): ReadonlyMap<string, string> =>
  new Map([...directory.offices.keys()].map((id) => [wire.topic(deliveryTopicName(id)), id] as const));

export interface DeliveryFeedHooks {
  readonly log: (entry: { level: 'log' | 'error' } & Record<string, unknown>) => void;
  /** A delivery the inbox did not hold before (callbacks to the office's software). */
  readonly onNew?: (delivery: Delivery) => void;
  /**
   * A delivery left out because it cannot be opened, not on purpose: the office never sees it, so this must
   * reach an operator (the `ksb_delivery_unreadable_total` counter and its alert), not only the log.
   */
  readonly onUnreadable?: (officeId: string, reason: string) => void;
}

/**
 * Turns each record of the delivery topics into the inbox's delivery; Kafka positions are the offices' cursors,
 * so a restart rebuilds the same inbox. A record that is not a delivery (no event id) is left out: the
 * redactor dead-letters what it cannot deliver, so nothing an office should see is lost here. One that can
 * never be read must not stop every office's inbox: only the redactor writes here, so it is logged loudly and
 * counted. It stays on the topic, and a restarted API reads it again once the cause is mended.
 */
export const deliveryHandler = (
  wire: Wire,
  officeOf: ReadonlyMap<string, string>,
  inbox: DeliveryInbox,
  { log, onNew = () => undefined, onUnreadable = () => undefined }: DeliveryFeedHooks,
) =>
  decodedRecords<View>(
    wire,
    (view, record, decoded) => {
      const officeId = officeOf.get(record.topic);
      const deliveryId = headerText(record.headers, HEADER.eventId);
      if (!officeId || !deliveryId) return;
      const delivery: Delivery = {
        deliveryId,
        officeId,
        partition: record.partition,
        offset: BigInt(record.offset),
        sourceEventId: headerText(record.headers, DELIVERY_HEADER.sourceEventId) ?? view.envelope?.eventId ?? '',
        correlationId: view.envelope?.correlationId ?? headerText(record.headers, HEADER.correlationId) ?? '',
        eventType: headerText(record.headers, DELIVERY_HEADER.eventType) ?? 'unknown',
        // An encrypted delivery's view is ciphertext ({ jwe }): what the API needs travels in clear headers.
        urgency: view.urgency ?? headerText(record.headers, DELIVERY_HEADER.urgency) ?? null,
        senderOfficeId:
          view.envelope?.senderOfficeId ?? headerText(record.headers, DELIVERY_HEADER.senderOffice) ?? null,
        receivedAt: new Date(Number(record.timestamp)).toISOString(),
        // A copy: the record's bytes may be a slice of the client's whole fetch, which holding would keep.
        viewRecord: Buffer.from(decoded.opened ?? record.value ?? []),
        ...(isSealed(record.value) ? { sealedKeyId: sealedKeyId(record.value) } : {}),
      };
      if (inbox.add(delivery)) onNew(delivery);
    },
    (record, error) => {
      const officeId = officeOf.get(record.topic);
      const deliveryId = headerText(record.headers, HEADER.eventId);
      const reason = reasonCodeOf(error);
      const keyGone = KEY_GONE.has(reason);
      if (keyGone && officeId && deliveryId)
        inbox.unreadable({
          deliveryId,
          officeId,
          correlationId: headerText(record.headers, HEADER.correlationId) ?? '',
          receivedAt: new Date(Number(record.timestamp)).toISOString(),
        });
      if (!keyGone) onUnreadable(officeId ?? 'unknown', reason);
      log({
        // A sealed delivery whose case was erased, or whose key was retired after the office accepted it,
        // is meant to stay shut (ADR 0023); anything else only the redactor could have written wrong.
        ...(keyGone
          ? { msg: 'delivery no longer readable, left out', level: 'log' }
          : { msg: 'undecodable delivery skipped', level: 'error' }),
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        deliveryId,
        reasonCode: reason,
        reason: error.message,
      });
    },
  );
