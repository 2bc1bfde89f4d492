import {
  AUDIT_TRAIL_TOPIC,
  derivedEventId,
  ESCALATION_TOPIC,
  type AuditRecord,
  type DeliveryEscalation,
} from '@ksb/contracts';
import type { DeadlineWatch } from '@ksb/deadlines';
import type { AlertEvent } from '@ksb/lag';
import {
  decodedRecords,
  TopicFollower,
  type EventPublisher,
  type RegisteredSchema,
  type SkippedRecord,
  type Wire,
} from '@ksb/wire';
import { dispatchAlert, type AlertSink } from './alert-sinks';

export interface DeadlineMonitorOptions {
  readonly wire: Wire;
  readonly watch: DeadlineWatch;
  readonly publisher: EventPublisher;
  readonly schema: RegisteredSchema;
  readonly sinks: readonly AlertSink[];
  readonly checkMs: number;
  readonly log: (entry: object) => void;
  /** Another reader of the audit trail (the dead-letter tally): the trail is followed once for both. */
  readonly alsoObserve?: (record: AuditRecord) => void;
  /**
   * Told of a record a feed cannot read and leaves out. An audit record left out is a delivery whose deadline
   * is never watched, or an answer never seen (a false escalation): it must reach an operator.
   */
  readonly skipped?: (feed: string) => SkippedRecord;
}

/** The alert rule an escalation fires as: one per level, so each level fires and resolves once. */
export const escalationRule = (level: number) => (level === 1 ? 'delivery-overdue' : `delivery-overdue-level-${level}`);

const summary = (e: DeliveryEscalation) =>
  e.state === 'RESOLVED'
    ? `${e.eventType} to ${e.recipientOfficeId} answered (was level ${e.level})`
    : `${e.eventType} (${e.urgency ?? 'no urgency'}) to ${e.recipientOfficeId}: ${e.reason === 'PICKUP_OVERDUE' ? 'not picked up' : 'not answered'} since ${e.deadline}${e.escalateTo ? `; level 2: ${e.escalateTo}` : ''}`;

/**
 * Deadlines of deliveries, watched continuously: reads the escalations already raised and the audit trail to
 * their ends before the first check (so history is neither re-raised nor mistaken for overdue), then follows
 * both and checks every `checkMs`. Each escalation is published to its topic before it is alerted, so a crash
 * in between re-raises nothing on restart; alerts go through the same sinks as lag alerts.
 */
export class DeadlineMonitor {
  private readonly followers: TopicFollower[];
  private timer?: NodeJS.Timeout;
  private checking = false;

  constructor(private readonly options: DeadlineMonitorOptions) {
    const { wire, watch } = options;
    this.followers = [
      new TopicFollower(
        wire,
        'escalation-feed',
        [wire.topic(ESCALATION_TOPIC)],
        decodedRecords<DeliveryEscalation>(wire, (e) => watch.recall(e), options.skipped?.('escalation-feed')),
      ),
      new TopicFollower(
        wire,
        'deadline-audit-feed',
        [wire.topic(AUDIT_TRAIL_TOPIC)],
        decodedRecords<AuditRecord>(
          wire,
          (r) => (watch.observe(r), options.alsoObserve?.(r)),
          options.skipped?.('deadline-audit-feed'),
        ),
      ),
    ];
  }

  async start(): Promise<void> {
    await Promise.all(this.followers.map((f) => f.start({ loadFirst: true })));
    await this.check();
    this.timer = setInterval(() => void this.check(), this.options.checkMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all(this.followers.map((f) => f.stop()));
  }

  open(): DeliveryEscalation[] {
    return this.options.watch.open();
  }

  async check(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      for (const escalation of this.options.watch.due(Date.now())) {
        await this.options.publisher.publish({
          topic: ESCALATION_TOPIC,
          schema: this.options.schema,
          key: escalation.escalationId,
          value: escalation,
          eventId: derivedEventId(`escalation:${escalation.state}:${escalation.level}`, escalation.escalationId),
          correlationId: escalation.correlationId,
          causationId: escalation.eventId,
        });
        this.options.watch.recall(escalation);
        for (const event of alertEvents(escalation)) void dispatchAlert(this.options.sinks, event, this.options.log);
      }
    } catch (error) {
      // Kafka away: nothing was recorded as raised, so the next check tries again.
      this.options.log({ msg: 'deadline check failed', reason: (error as Error).message });
    } finally {
      this.checking = false;
    }
  }
}

/** FIRING for the level raised; on RESOLVED, one per level that fired. */
const alertEvents = (e: DeliveryEscalation): AlertEvent[] => {
  const at = Date.parse(e.at);
  const base = { subject: e.escalationId, at, since: Date.parse(e.deadline), summary: summary(e) };
  if (e.state === 'RAISED') return [{ ...base, state: 'FIRING', rule: escalationRule(e.level) }];
  return Array.from({ length: e.level }, (_, i) => ({
    ...base,
    state: 'RESOLVED' as const,
    rule: escalationRule(i + 1),
  }));
};
