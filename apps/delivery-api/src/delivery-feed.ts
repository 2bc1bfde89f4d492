import { DELIVERY_HEADER, deliveryTopicName, HEADER } from '@ksb/contracts';
import type { Directory } from '@ksb/directory';
import type { Delivery, DeliveryInbox } from '@ksb/delivery-inbox';
import { isRetriable } from '@ksb/errors';
import { headerText, type DecodedValue, type RawHeaders, type SupervisedConsumer, type Wire } from '@ksb/wire';

type View = { urgency?: string | null; envelope?: { senderOfficeId?: string | null } };

/**
 * Reads every office's delivery topic into the inbox, read_committed, from the beginning at each start and
 * without committing: the topics are the store, and Kafka positions are the offices' cursors, so a restart
 * rebuilds the same inbox. A record that is not a delivery (no event id) is skipped: the redactor dead-letters
 * what it cannot deliver, so nothing an office should see is lost here.
 */
export class DeliveryFeed {
  private consumer?: SupervisedConsumer;

  constructor(
    private readonly wire: Wire,
    private readonly directory: Directory,
    private readonly inbox: DeliveryInbox,
    private readonly groupId: string,
    private readonly log: (entry: object) => void,
  ) {}

  async start(): Promise<void> {
    const officeOf = new Map(
      [...this.directory.offices.keys()].map((id) => [this.wire.topic(deliveryTopicName(id)), id] as const),
    );
    this.consumer = await this.wire.supervisedConsumer({
      name: 'delivery-feed',
      config: { groupId: this.groupId, readUncommitted: false, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 },
      topics: [...officeOf.keys()],
      fromBeginning: true,
      run: () => ({
        autoCommit: false,
        eachMessage: async ({ topic, partition, message }) => {
          const officeId = officeOf.get(topic);
          const headers = message.headers as RawHeaders;
          const deliveryId = headerText(headers, HEADER.eventId);
          if (!officeId || !deliveryId) return;
          let decoded: DecodedValue<View>;
          try {
            decoded = await this.wire.codec.decode<View>(message.value);
          } catch (error) {
            // A registry away is retried (the consumer restarts); a record that can never be read must not
            // stop every office's inbox. Only the redactor writes here, so this is an incident: said loudly.
            if (isRetriable(error)) throw error;
            this.log({
              msg: 'undecodable delivery skipped',
              level: 'error',
              topic,
              partition,
              offset: message.offset,
              deliveryId,
              reason: (error as Error).message,
            });
            return;
          }
          const delivery: Delivery = {
            deliveryId,
            officeId,
            partition,
            offset: BigInt(message.offset),
            eventType: headerText(headers, DELIVERY_HEADER.eventType) ?? decoded.recordName,
            urgency: decoded.value.urgency ?? null,
            senderOfficeId: decoded.value.envelope?.senderOfficeId ?? null,
            receivedAt: new Date(Number(message.timestamp)).toISOString(),
            view: decoded.value,
          };
          this.inbox.add(delivery);
        },
      }),
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }
}
