export interface CanaryRouteReport {
  readonly route: string;
  readonly sent: number;
  readonly arrived: number;
  readonly firstSentAt: number;
  readonly lastArrivalAt?: number;
  readonly lastLatencyMs?: number;
  readonly p50Ms?: number;
  readonly p99Ms?: number;
}

export interface CanaryReport {
  readonly at: number;
  readonly routes: readonly CanaryRouteReport[];
}

interface RouteState {
  sent: number;
  arrived: number;
  firstSentAt: number;
  lastArrivalAt?: number;
  latencies: number[];
}

const percentile = (sorted: readonly number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

/** Round trips of synthetic probes per route, over the last `keep` arrivals. */
export class CanaryStats {
  private readonly routes = new Map<string, RouteState>();

  constructor(private readonly keep = 200) {}

  sent(route: string, at: number): void {
    const state = this.routes.get(route) ?? { sent: 0, arrived: 0, firstSentAt: at, latencies: [] };
    state.sent++;
    this.routes.set(route, state);
  }

  arrived(route: string, sentAt: number, at: number): number {
    const state = this.routes.get(route) ?? { sent: 0, arrived: 0, firstSentAt: sentAt, latencies: [] };
    const latency = Math.max(0, at - sentAt);
    state.arrived++;
    state.lastArrivalAt = Math.max(state.lastArrivalAt ?? 0, at);
    state.latencies.push(latency);
    if (state.latencies.length > this.keep) state.latencies.shift();
    this.routes.set(route, state);
    return latency;
  }

  report(at: number): CanaryReport {
    return {
      at,
      routes: [...this.routes].map(([route, s]) => {
        const sorted = [...s.latencies].sort((a, b) => a - b);
        return {
          route,
          sent: s.sent,
          arrived: s.arrived,
          firstSentAt: s.firstSentAt,
          lastArrivalAt: s.lastArrivalAt,
          lastLatencyMs: s.latencies[s.latencies.length - 1],
          p50Ms: sorted.length ? percentile(sorted, 0.5) : undefined,
          p99Ms: sorted.length ? percentile(sorted, 0.99) : undefined,
        };
      }),
    };
  }
}
