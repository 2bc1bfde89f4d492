import type { LagReport } from './lag-evaluator';
import type { CanaryReport } from './canary-stats';

/** Alert rules as operators write them in configuration (KSB_LAG_ALERT_RULES, JSON). */
export type AlertRule =
  | {
      readonly name: string;
      readonly kind: 'time-lag';
      /** Group id, or a pattern with * (e.g. "ksb-redactor*"). */
      readonly group: string;
      readonly thresholdSeconds: number;
      readonly forSeconds: number;
    }
  | { readonly name: string; readonly kind: 'status'; readonly group: string; readonly forSeconds: number }
  | { readonly name: string; readonly kind: 'canary-missing'; readonly route: string; readonly forSeconds: number };

export interface AlertEvent {
  readonly state: 'FIRING' | 'RESOLVED';
  readonly rule: string;
  /** What it is about: a group id or a canary route. */
  readonly subject: string;
  readonly at: number;
  /** Since when the condition held (FIRING) or how long it fired (RESOLVED). */
  readonly since: number;
  readonly summary: string;
}

export interface ActiveAlert {
  readonly rule: string;
  readonly subject: string;
  readonly since: number;
  readonly firing: boolean;
  readonly summary: string;
}

/** A group id pattern as operators write it: literal, with * for any run of characters. */
export const groupPattern = (pattern: string): RegExp =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );

interface Condition {
  readonly rule: AlertRule;
  readonly subject: string;
  readonly summary: string;
  /** True when the condition already includes its duration (a canary silent for the rule's time). */
  readonly immediate?: boolean;
}

const conditions = (rules: readonly AlertRule[], lag: LagReport, canary: CanaryReport): Condition[] =>
  rules.flatMap((rule): Condition[] => {
    if (rule.kind === 'canary-missing') {
      const route = canary.routes.find((r) => r.route === rule.route);
      const silentFor = route ? (canary.at - (route.lastArrivalAt ?? route.firstSentAt)) / 1000 : 0;
      return route && route.sent > 0 && silentFor >= rule.forSeconds
        ? [
            {
              rule,
              subject: rule.route,
              summary: `no canary through ${rule.route} for ${Math.round(silentFor)} s`,
              immediate: true,
            },
          ]
        : [];
    }
    const pattern = groupPattern(rule.group);
    return lag.groups
      .filter((g) => pattern.test(g.groupId))
      .flatMap((g): Condition[] => {
        if (rule.kind === 'status')
          return g.status === 'OK' ? [] : [{ rule, subject: g.groupId, summary: `${g.groupId} is ${g.status}` }];
        return g.lagSeconds !== null && g.lagSeconds > rule.thresholdSeconds
          ? [
              {
                rule,
                subject: g.groupId,
                summary: `${g.groupId} is ${Math.round(g.lagSeconds)} s behind (limit ${rule.thresholdSeconds} s)`,
              },
            ]
          : [];
      });
  });

/**
 * Fires an alert once its condition has held for the rule's duration, and resolves it once the condition is
 * gone: each alert fires once and resolves once, however often it is evaluated in between. For a canary
 * rule the silence itself is the duration.
 */
export class AlertEngine {
  private readonly active = new Map<
    string,
    { since: number; firing: boolean; summary: string; rule: string; subject: string }
  >();

  constructor(private readonly rules: readonly AlertRule[]) {}

  evaluate(lag: LagReport, canary: CanaryReport): AlertEvent[] {
    const now = lag.at;
    const events: AlertEvent[] = [];
    const holding = new Set<string>();
    for (const c of conditions(this.rules, lag, canary)) {
      const id = `${c.rule.name}\u0000${c.subject}`;
      holding.add(id);
      const state = this.active.get(id) ?? {
        since: now,
        firing: false,
        summary: c.summary,
        rule: c.rule.name,
        subject: c.subject,
      };
      state.summary = c.summary;
      this.active.set(id, state);
      const due = c.immediate || now - state.since >= c.rule.forSeconds * 1000;
      if (!state.firing && due) {
        state.firing = true;
        events.push({
          state: 'FIRING',
          rule: c.rule.name,
          subject: c.subject,
          at: now,
          since: state.since,
          summary: c.summary,
        });
      }
    }
    for (const [id, state] of this.active) {
      if (holding.has(id)) continue;
      this.active.delete(id);
      if (state.firing)
        events.push({
          state: 'RESOLVED',
          rule: state.rule,
          subject: state.subject,
          at: now,
          since: state.since,
          summary: `resolved: ${state.summary}`,
        });
    }
    return events;
  }

  alerts(): ActiveAlert[] {
    return [...this.active.values()].map(({ rule, subject, since, firing, summary }) => ({
      rule,
      subject,
      since,
      firing,
      summary,
    }));
  }
}
