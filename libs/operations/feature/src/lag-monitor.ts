import { CANARY_ROUTES } from '@ksb/contracts';
import {
  AlertEngine,
  CanaryStats,
  groupPattern,
  LagEvaluator,
  type ActiveAlert,
  type AlertEvent,
  type AlertRule,
  type CanaryReport,
  type LagReport,
} from '@ksb/lag';
import { DEFAULT_RECOVERY, type Wire } from '@ksb/wire';
import { dispatchAlert, type AlertSink } from './alert-sinks';
import { CanaryProber, type ProbeArrival } from './canary-prober';
import { observeCluster } from './cluster-observer';
import { pollHealth } from './poll-health';

export interface LagMonitorOptions {
  readonly wire: Wire;
  readonly pollMs: number;
  readonly windowMs: number;
  /** 0 switches the canary off (e.g. a monitor watching a cluster without the bridge's services). */
  readonly canaryIntervalMs: number;
  readonly canaryGroupId: string;
  readonly rules: readonly AlertRule[];
  readonly sinks: readonly AlertSink[];
  /** Group id patterns (with *) left out of the report: throwaway readers, command-line tools. */
  readonly ignoreGroups: readonly string[];
  readonly log: (entry: object) => void;
  readonly onReport?: (snapshot: MonitorSnapshot) => void;
  readonly onArrival?: (route: string, latencyMs: number) => void;
}

export interface MonitorSnapshot {
  readonly lag: LagReport;
  readonly canary: CanaryReport;
  readonly alerts: readonly ActiveAlert[];
}

/**
 * The monitor's loop: poll the cluster, evaluate lag and status, send canaries, evaluate alerts and hand
 * each alert event to every sink. All judgement is in @ksb/lag; this only wires it to Kafka and a clock.
 */
export class LagMonitor {
  private readonly evaluator: LagEvaluator;
  private readonly engine: AlertEngine;
  private readonly canary = new CanaryStats();
  private readonly prober?: CanaryProber;
  private timers: NodeJS.Timeout[] = [];
  private snapshot?: MonitorSnapshot;
  private polling = false;
  private pollStartedAt?: number;
  private lastPolledAt?: number;
  private failures = 0;
  private lastPollError?: string;
  private readonly includeGroup: (groupId: string) => boolean;

  constructor(private readonly options: LagMonitorOptions) {
    const ignored = options.ignoreGroups.map(groupPattern);
    this.includeGroup = (g) => !ignored.some((p) => p.test(g));
    this.evaluator = new LagEvaluator({ windowMs: options.windowMs });
    this.engine = new AlertEngine(options.rules);
    if (options.canaryIntervalMs > 0)
      this.prober = new CanaryProber(options.wire, options.canaryGroupId, (a) => this.arrived(a));
    // Readiness and liveness include the polls: a monitor that cannot see the cluster is not "ready".
    const { stallAfterMs } = { ...DEFAULT_RECOVERY, ...options.wire.options.recovery };
    options.wire.watch({
      health: () =>
        pollHealth(
          {
            pollMs: options.pollMs,
            lastPolledAt: this.lastPolledAt,
            pollStartedAt: this.pollStartedAt,
            lastPollError: this.lastPollError,
            failures: this.failures,
            stallAfterMs,
          },
          Date.now(),
        ),
    });
  }

  async start(): Promise<void> {
    await this.prober?.start();
    await this.poll();
    this.timers.push(setInterval(() => void this.poll(), this.options.pollMs));
    if (this.prober) {
      this.sendCanaries();
      this.timers.push(setInterval(() => this.sendCanaries(), this.options.canaryIntervalMs));
    }
  }

  async stop(): Promise<void> {
    this.timers.forEach((t) => clearInterval(t));
    this.timers = [];
    await this.prober?.stop();
  }

  latest(): MonitorSnapshot | undefined {
    return this.snapshot;
  }

  health(): { polled: boolean; lastPollError?: string } {
    return { polled: this.snapshot !== undefined, lastPollError: this.lastPollError };
  }

  private sendCanaries(): void {
    for (const route of CANARY_ROUTES) {
      this.canary.sent(route, Date.now());
      this.prober
        ?.send(route)
        .catch((error: Error) => this.options.log({ msg: 'canary not sent', route, reason: error.message }));
    }
  }

  private arrived(arrival: ProbeArrival): void {
    const latency = this.canary.arrived(arrival.probe.route, arrival.sentAt, arrival.arrivedAt);
    this.options.onArrival?.(arrival.probe.route, latency);
  }

  /** One evaluation cycle; a poll still running when the next is due is not doubled up. */
  async poll(): Promise<MonitorSnapshot | undefined> {
    if (this.polling) return this.snapshot;
    this.polling = true;
    this.pollStartedAt = Date.now();
    try {
      // Ignored groups are left out before their offsets are fetched, not after.
      const lag = this.evaluator.observe(await observeCluster(this.options.wire, this.includeGroup));
      const canary = this.canary.report(lag.at);
      const events = this.engine.evaluate(lag, canary);
      this.snapshot = { lag, canary, alerts: this.engine.alerts() };
      this.lastPollError = undefined;
      this.lastPolledAt = Date.now();
      this.options.onReport?.(this.snapshot);
      for (const event of events) void this.dispatch(event);
      return this.snapshot;
    } catch (error) {
      this.lastPollError = (error as Error).message;
      this.failures++;
      this.options.log({ msg: 'lag poll failed', reason: this.lastPollError });
      return this.snapshot;
    } finally {
      this.polling = false;
      this.pollStartedAt = undefined;
    }
  }

  private dispatch(event: AlertEvent): Promise<void> {
    return dispatchAlert(this.options.sinks, event, this.options.log);
  }
}
