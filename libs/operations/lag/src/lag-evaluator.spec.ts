import { AlertEngine, type AlertEvent } from './alert-rules';
import { CanaryStats } from './canary-stats';
import { LagEvaluator } from './lag-evaluator';
import type { ClusterObservation } from './observation';

/** Poll t (seconds): the topic grows by 10 a poll; "stopped" stands at 20 with no members, "idle" reads an idle topic. */
const observation = (t: number, stoppedAt = 20, stoppedMembers = 0): ClusterObservation => ({
  at: t * 1000,
  partitions: [
    { topic: 'ksb.delivery.ja-stadt-hilden', partition: 0, low: 0, high: 10 * t },
    { topic: 'ksb.directory.snapshot', partition: 0, low: 0, high: 4 },
  ],
  groups: [
    {
      groupId: 'ja-hilden-reader',
      state: stoppedMembers ? 'Stable' : 'Empty',
      members: stoppedMembers,
      offsets: [{ topic: 'ksb.delivery.ja-stadt-hilden', partition: 0, committed: stoppedAt }],
    },
    {
      groupId: 'directory-reader',
      state: 'Stable',
      members: 1,
      offsets: [{ topic: 'ksb.directory.snapshot', partition: 0, committed: 4 }],
    },
    { groupId: 'ksb-lag-monitor-canary', state: 'Stable', members: 1, offsets: [] },
  ],
});

describe('lag evaluation across polls', () => {
  it('shows a stopped consumer as STOP with a growing time lag, an idle one as OK', () => {
    const evaluator = new LagEvaluator({ windowMs: 5000, ignoreGroup: (g) => g.startsWith('ksb-lag-monitor') });
    const reports = [2, 3, 4, 5, 6, 7, 8, 9].map((t) => evaluator.observe(observation(t)));
    const at = (i: number, group: string) => reports[i].groups.find((g) => g.groupId === group);
    expect(reports[7].groups.map((g) => g.groupId)).toEqual(['directory-reader', 'ja-hilden-reader']);
    expect(at(7, 'directory-reader')).toMatchObject({ status: 'OK', lag: 0, lagSeconds: 0 });
    // Nothing waits at t=2; from t=3 input waits and nobody consumes: STOP at that very poll, not a window later.
    expect(at(0, 'ja-hilden-reader')?.status).toBe('OK');
    expect(at(1, 'ja-hilden-reader')).toMatchObject({
      status: 'STOP',
      partitions: [{ reason: 'no consumer in the group, 10 waiting' }],
    });
    expect(at(7, 'ja-hilden-reader')).toMatchObject({
      status: 'STOP',
      lag: 70,
      history: [0, 10, 20, 30, 40, 50, 60, 70],
    });
    // Offset 20 was appended between t=2 (high 20) and t=3 (high 30): at 2.1 s; at t=9 that is 6.9 s ago.
    expect(at(7, 'ja-hilden-reader')?.lagSeconds).toBeCloseTo(6.9, 5);
    expect(at(6, 'ja-hilden-reader')?.lagSeconds).toBeCloseTo(5.9, 5);
    expect(at(7, 'ja-hilden-reader')?.partitions[0].trend).toBeCloseTo(10, 5);
  });

  it('fires an alert once when its condition has held long enough, and resolves it once', () => {
    const evaluator = new LagEvaluator({ windowMs: 5000 });
    const engine = new AlertEngine([
      { name: 'delivery-time-lag', kind: 'time-lag', group: 'ja-*', thresholdSeconds: 3, forSeconds: 2 },
      { name: 'not-ok', kind: 'status', group: '*', forSeconds: 4 },
    ]);
    const canary = new CanaryStats();
    const events: AlertEvent[] = [];
    for (let t = 2; t <= 12; t++)
      events.push(...engine.evaluate(evaluator.observe(observation(t)), canary.report(t * 1000)));
    // The consumer comes back and catches up.
    for (let t = 13; t <= 16; t++)
      events.push(...engine.evaluate(evaluator.observe(observation(t, 10 * t, 1)), canary.report(t * 1000)));
    expect(events.map((e) => [e.state, e.rule, e.subject, e.at / 1000])).toEqual([
      // Not OK (STOP: no member while input waits) from t=3, held for 4 s; more than 3 s behind from t=6
      // (3.9 s), held for 2 s.
      ['FIRING', 'not-ok', 'ja-hilden-reader', 7],
      ['FIRING', 'delivery-time-lag', 'ja-hilden-reader', 8],
      ['RESOLVED', 'not-ok', 'ja-hilden-reader', 13],
      ['RESOLVED', 'delivery-time-lag', 'ja-hilden-reader', 13],
    ]);
    expect(engine.alerts()).toEqual([]);
  });

  it('fires when a canary route goes silent and resolves when probes arrive again', () => {
    const engine = new AlertEngine([
      { name: 'canary', kind: 'canary-missing', route: 'police-to-jugendamt', forSeconds: 10 },
    ]);
    const canary = new CanaryStats();
    const lag = (t: number) => ({ at: t * 1000, groups: [] });
    canary.sent('police-to-jugendamt', 0);
    expect(canary.arrived('police-to-jugendamt', 0, 120)).toBe(120);
    const events: AlertEvent[] = [];
    for (const t of [5, 10, 11, 15]) {
      canary.sent('police-to-jugendamt', t * 1000);
      events.push(...engine.evaluate(lag(t), canary.report(t * 1000)));
    }
    canary.arrived('police-to-jugendamt', 15_000, 15_300);
    events.push(...engine.evaluate(lag(16), canary.report(16_000)));
    expect(events.map((e) => [e.state, e.at / 1000, e.summary])).toEqual([
      // Last arrival at 0.12 s: silent for 9.88 s at t=10, 10.88 s at t=11.
      ['FIRING', 11, 'no canary through police-to-jugendamt for 11 s'],
      ['RESOLVED', 16, 'resolved: no canary through police-to-jugendamt for 15 s'],
    ]);
    expect(canary.report(16_000).routes[0]).toMatchObject({
      sent: 5,
      arrived: 2,
      lastLatencyMs: 300,
      p50Ms: 120,
      p99Ms: 300,
    });
  });

  it.each<[string, [number, number, number][], string]>([
    // [end offset of each partition, committed p0, committed p1] per 10 s poll.
    [
      'a slow consumer taking turns between partitions: each partition rises and falls, the group climbs',
      [
        [100, 0, 0],
        [120, 30, 0],
        [140, 30, 30],
        [160, 60, 30],
        [180, 60, 60],
        [200, 90, 60],
        [220, 90, 90],
      ],
      'WARN',
    ],
    [
      'a consumer catching up on both partitions',
      [
        [100, 0, 0],
        [110, 30, 30],
        [120, 60, 60],
        [130, 90, 90],
        [140, 120, 120],
        [150, 150, 150],
        [160, 160, 160],
      ],
      'OK',
    ],
    [
      'a consumer keeping up with a little noise',
      [
        [100, 95, 96],
        [110, 109, 104],
        [120, 112, 119],
        [130, 128, 125],
        [140, 133, 139],
        [150, 149, 146],
        [160, 157, 159],
      ],
      'OK',
    ],
  ])('judges WARN on the group’s trend: %s', (_, rows, status) => {
    const evaluator = new LagEvaluator({ windowMs: 60_000 });
    const reports = rows.map(([high, c0, c1], i) =>
      evaluator.observe({
        at: i * 10_000,
        partitions: [
          { topic: 'ksb.routed.police-notification', partition: 0, low: 0, high },
          { topic: 'ksb.routed.police-notification', partition: 1, low: 0, high },
        ],
        groups: [
          {
            groupId: 'ksb-redactor',
            state: 'Stable',
            members: 1,
            offsets: [
              { topic: 'ksb.routed.police-notification', partition: 0, committed: c0 },
              { topic: 'ksb.routed.police-notification', partition: 1, committed: c1 },
            ],
          },
        ],
      }),
    );
    const last = reports[reports.length - 1].groups[0];
    expect(last.status).toBe(status);
    expect(last.reason ?? 'no group reason').toMatch(status === 'WARN' ? /group lag grows/ : /no group reason/);
    // Judged per partition, as before, no partition is WARN in any of these: the group's trend decides.
    expect(last.partitions.map((p) => p.status)).not.toContain('WARN');
  });
});
