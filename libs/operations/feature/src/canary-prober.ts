import { randomUUID } from 'node:crypto';
import { CANARY_DELIVERY_TOPIC, CANARY_INGEST_TOPIC, CANARY_RECORD, type CanaryProbe } from '@ksb/contracts';
import {
  decodeMessage,
  type EventPublisher,
  type RegisteredSchema,
  type SupervisedConsumer,
  type Wire,
  type ConsumedRecord,
} from '@ksb/wire';

/** One probe per route every 5 s for a day. */
const OWN_PROBES_KEPT = 40_000;

export interface ProbeArrival {
  readonly probe: CanaryProbe;
  readonly sentAt: number;
  readonly arrivedAt: number;
}

/**
 * Sends canary probes into ingest and listens for them at the canary recipient (after router and
 * redactor). Probes are marked by their own record type and topics: they never reach a real office's topic
 * and the audit trail does not follow them.
 */
export class CanaryProber {
  private consumer?: SupervisedConsumer;
  private publisher?: EventPublisher;
  private schema?: RegisteredSchema;
  private readonly waiting = new Map<string, (arrival: ProbeArrival) => void>();
  /** Probes this prober sent and still expects; others on the topic (another prober, a restart) are not ours. */
  private readonly own = new Map<string, number>();

  constructor(
    private readonly wire: Wire,
    private readonly groupId: string,
    private readonly onArrival: (arrival: ProbeArrival) => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    this.schema = await this.wire.registerSchema(CANARY_INGEST_TOPIC, CANARY_RECORD);
    this.publisher = await this.wire.publisher();
    this.consumer = await this.wire.supervisedConsumer({
      name: 'canary-prober',
      config: { groupId: this.groupId, maxWaitTimeInMs: 100 },
      topics: [this.wire.topic(CANARY_DELIVERY_TOPIC)],
      fromBeginning: false,
      // A lost probe is what the prober reports; its own consumer failing must not take the monitor out.
      critical: false,
      run: () => ({
        eachMessage: ({ topic, partition, message }) => this.arrived(topic, partition, message),
      }),
    });
    // Probes sent before the group has its partitions would be missed (it reads from the end).
    await this.consumer.joined;
  }

  private async arrived(topic: string, partition: number, message: ConsumedRecord): Promise<void> {
    const event = await decodeMessage<CanaryProbe>(this.wire.codec, { topic, partition, ...message });
    if (event.kind !== 'decoded' || event.recordName !== CANARY_RECORD) return;
    if (!this.own.delete(event.value.probeId)) return;
    const arrival = { probe: event.value, sentAt: Date.parse(event.value.sentAt), arrivedAt: Date.now() };
    this.waiting.get(event.value.probeId)?.(arrival);
    this.waiting.delete(event.value.probeId);
    this.onArrival(arrival);
  }

  /** Sends one probe on a route; resolves when it arrives at the canary recipient, or rejects after `timeoutMs`. */
  async probe(route: string, timeoutMs = 30_000): Promise<ProbeArrival> {
    const probe = this.newProbe(route);
    const arrived = new Promise<ProbeArrival>((resolve) => this.waiting.set(probe.probeId, resolve));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`canary on ${route} did not arrive within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      await this.publish(probe);
      return await Promise.race([arrived, timeout]);
    } finally {
      clearTimeout(timer);
      this.waiting.delete(probe.probeId);
    }
  }

  /** Fire and forget: the arrival is reported through `onArrival` (the monitor's steady probing). */
  async send(route: string): Promise<string> {
    const probe = this.newProbe(route);
    await this.publish(probe);
    return probe.probeId;
  }

  private newProbe(route: string): CanaryProbe {
    return { probeId: randomUUID(), route, sentAt: new Date().toISOString(), hops: [] };
  }

  private async publish(probe: CanaryProbe): Promise<void> {
    if (!this.publisher || !this.schema) throw new Error('the canary prober is not started');
    this.own.set(probe.probeId, Date.now());
    // A probe lost on the way must not be remembered for ever: forget the oldest beyond a day's worth.
    for (const [id] of this.own) {
      if (this.own.size <= OWN_PROBES_KEPT) break;
      this.own.delete(id);
    }
    await this.publisher.publish({
      topic: CANARY_INGEST_TOPIC,
      schema: this.schema,
      key: probe.probeId,
      value: probe,
      eventId: probe.probeId,
      correlationId: probe.probeId,
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }
}
