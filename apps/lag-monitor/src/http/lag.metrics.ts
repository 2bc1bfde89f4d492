import { Gauge, Histogram, Registry } from 'prom-client';
import { STATUS_SEVERITY, type LagStatus } from '@ksb/lag';
import type { DeadLetterGroup } from '@ksb/dead-letters';
import type { MonitorSnapshot } from '@ksb/operations-feature';

const STATUSES = Object.keys(STATUS_SEVERITY) as LagStatus[];

/**
 * Prometheus metrics under kafka-lag-exporter's names for lag (so existing dashboards and alerts fit), plus
 * the bridge's own for status, canary and alerts. Rebuilt from each report, so gone groups disappear.
 */
export class LagMetrics {
  readonly registry = new Registry();
  private readonly lag = new Gauge({
    name: 'kafka_consumergroup_group_lag',
    help: 'Offsets a group is behind, per partition',
    labelNames: ['group', 'topic', 'partition'],
    registers: [this.registry],
  });
  private readonly lagSeconds = new Gauge({
    name: 'kafka_consumergroup_group_lag_seconds',
    help: 'Estimated seconds a group is behind, per partition (interpolated over log-end samples)',
    labelNames: ['group', 'topic', 'partition'],
    registers: [this.registry],
  });
  private readonly maxLagSeconds = new Gauge({
    name: 'kafka_consumergroup_group_max_lag_seconds',
    help: 'Largest time lag of any partition of the group',
    labelNames: ['group'],
    registers: [this.registry],
  });
  private readonly status = new Gauge({
    name: 'ksb_consumergroup_status',
    help: '1 for the status the group is in (OK, WARN, STALL, STOP, REWIND), 0 for the others',
    labelNames: ['group', 'status'],
    registers: [this.registry],
  });
  readonly canaryLatency = new Histogram({
    name: 'ksb_canary_latency_seconds',
    help: 'Round trip of canary probes from ingest through router and redactor to the canary recipient',
    labelNames: ['route'],
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  private readonly firing = new Gauge({
    name: 'ksb_alerts_firing',
    help: 'Alerts currently firing',
    labelNames: ['rule', 'subject'],
    registers: [this.registry],
  });

  private readonly deadLetters = new Gauge({
    name: 'ksb_dead_letters_waiting',
    help: 'Dead letters not requeued, by reason code and the stage that gave up (from the audit trail)',
    labelNames: ['reason', 'stage'],
    registers: [this.registry],
  });
  private readonly deadLetterAge = new Gauge({
    name: 'ksb_dead_letters_oldest_age_seconds',
    help: 'How long the oldest dead letter of a reason and stage has waited for triage',
    labelNames: ['reason', 'stage'],
    registers: [this.registry],
  });

  update({ lag, alerts }: MonitorSnapshot, deadLetters: readonly DeadLetterGroup[] = []): void {
    const gauges = [this.lag, this.lagSeconds, this.maxLagSeconds, this.status, this.firing];
    for (const gauge of [...gauges, this.deadLetters, this.deadLetterAge]) gauge.reset();
    for (const d of deadLetters) {
      this.deadLetters.set({ reason: d.reason, stage: d.stage }, d.count);
      this.deadLetterAge.set({ reason: d.reason, stage: d.stage }, Math.max(0, (lag.at - d.oldestAt) / 1000));
    }
    for (const group of lag.groups) {
      for (const p of group.partitions) {
        const labels = { group: group.groupId, topic: p.topic, partition: String(p.partition) };
        this.lag.set(labels, p.lag);
        if (p.lagSeconds !== null) this.lagSeconds.set(labels, p.lagSeconds);
      }
      if (group.lagSeconds !== null) this.maxLagSeconds.set({ group: group.groupId }, group.lagSeconds);
      for (const s of STATUSES) this.status.set({ group: group.groupId, status: s }, s === group.status ? 1 : 0);
    }
    for (const a of alerts) if (a.firing) this.firing.set({ rule: a.rule, subject: a.subject }, 1);
  }
}
