import { DELIVERY_HEADER, deliveryTopicName, HEADER } from '@ksb/contracts';
import type { Directory } from '@ksb/directory';
import type { Delivery, DeliveryInbox } from '@ksb/delivery-inbox';
import { isRetriable } from '@ksb/errors';
import { headerText, type DecodedValue, type Wire } from '@ksb/wire';
import type { FollowedRecord } from '@ksb/wire';

type View = {
  urgency?: string | null;
  envelope?: { eventId?: string; correlationId?: string; senderOfficeId?: string | null };
};

/** Every office's delivery topic (physical names) and the office each belongs to. */
export const deliveryTopics = (wire: Wire, directory: Directory): ReadonlyMap<string, string> =>
  new Map([...directory.offices.keys()].map((id) => [wire.topic(deliveryTopicName(id)), id] as const));

/**
 * Turns each record of the delivery topics into the inbox's delivery; Kafka positions are the offices' cursors,
 * so a restart rebuilds the same inbox. A record that is not a delivery (no event id) is skipped: the redactor
 * dead-letters what it cannot deliver, so nothing an office should see is lost here.
 */
export const deliveryHandler =
  (
    wire: Wire,
    officeOf: ReadonlyMap<string, string>,
    inbox: DeliveryInbox,
    log: (entry: object) => void,
    onNew: (delivery: Delivery) => void = () => undefined,
  ) =>
  async (record: FollowedRecord): Promise<void> => {
    const officeId = officeOf.get(record.topic);
    const deliveryId = headerText(record.headers, HEADER.eventId);
    if (!officeId || !deliveryId) return;
    let decoded: DecodedValue<View>;
    try {
      decoded = await wire.codec.decode<View>(record.value);
    } catch (error) {
      // A registry away is retried (the consumer restarts); a record that can never be read must not
      // stop every office's inbox. Only the redactor writes here, so this is an incident: said loudly.
      if (isRetriable(error)) throw error;
      log({
        msg: 'undecodable delivery skipped',
        level: 'error',
        topic: record.topic,
        partition: record.partition,
        offset: record.offset,
        deliveryId,
        reason: (error as Error).message,
      });
      return;
    }
    const envelope = decoded.value.envelope;
    const delivery: Delivery = {
      deliveryId,
      officeId,
      partition: record.partition,
      offset: BigInt(record.offset),
      sourceEventId: headerText(record.headers, DELIVERY_HEADER.sourceEventId) ?? envelope?.eventId ?? '',
      correlationId: envelope?.correlationId ?? headerText(record.headers, HEADER.correlationId) ?? '',
      eventType: headerText(record.headers, DELIVERY_HEADER.eventType) ?? decoded.recordName,
      urgency: decoded.value.urgency ?? null,
      senderOfficeId: envelope?.senderOfficeId ?? null,
      receivedAt: new Date(Number(record.timestamp)).toISOString(),
      view: decoded.value,
    };
    if (inbox.add(delivery)) onNew(delivery);
  };
