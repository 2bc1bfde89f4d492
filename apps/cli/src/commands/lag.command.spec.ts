import type { MonitorSnapshot } from '@ksb/operations-feature';
import { lagTable } from './lag.command';

const snapshot: MonitorSnapshot = {
  lag: {
    at: 0,
    groups: [
      {
        groupId: 'ksb-redactor',
        state: 'Stable',
        members: 2,
        status: 'WARN',
        lag: 42,
        lagSeconds: 75,
        history: [],
        partitions: [
          {
            topic: 'ksb.routed.police-notification',
            partition: 1,
            committed: 8,
            high: 50,
            lag: 42,
            lagSeconds: 75,
            trend: 1,
            status: 'WARN',
            reason: 'lag grew from 30 to 42 over the window',
          },
        ],
      },
      {
        groupId: 'ksb-old-reader',
        state: 'Empty',
        members: 0,
        status: 'OK',
        lag: 0,
        lagSeconds: 0,
        history: [],
        partitions: [],
      },
    ],
  },
  canary: {
    at: 0,
    routes: [
      { route: 'police-to-jugendamt', sent: 3, arrived: 3, firstSentAt: 0, lastLatencyMs: 80, p50Ms: 70, p99Ms: 90 },
    ],
  },
  alerts: [
    {
      rule: 'delivery-time-lag',
      subject: 'ksb-redactor',
      since: 0,
      firing: true,
      summary: 'ksb-redactor is 75 s behind (limit 60 s)',
    },
  ],
};

describe('ksb lag table', () => {
  it('lists groups that need a look, right-aligns the figures, then canary and alerts', () => {
    expect(lagTable(snapshot)).toEqual([
      'GROUP         STATUS  MEMBERS  LAG  TIME LAG  REASON',
      'ksb-redactor  WARN    2         42       75s  lag grew from 30 to 42 over the window',
      'canary police-to-jugendamt: last 80 ms, p50 70 ms, p99 90 ms, 3/3 arrived',
      'ALERT delivery-time-lag: ksb-redactor is 75 s behind (limit 60 s)',
    ]);
    expect(lagTable(snapshot, { all: true, partitions: true }).slice(0, 4)).toEqual([
      'GROUP                               STATUS  MEMBERS  LAG  TIME LAG  REASON',
      'ksb-redactor                        WARN    2         42       75s  lag grew from 30 to 42 over the window',
      '  ksb.routed.police-notification/1  WARN              42       75s  lag grew from 30 to 42 over the window',
      'ksb-old-reader                      OK      0          0       <1s',
    ]);
  });

  it('ends with the deliveries past their deadline, level and who is to act', () => {
    const escalation = {
      escalationId: 'ja-stadt-hilden:e1',
      state: 'RAISED' as const,
      level: 2,
      reason: 'PICKUP_OVERDUE',
      eventId: 'e1',
      correlationId: 'c1',
      eventType: 'police-notification',
      urgency: 'DANGER_NOW',
      recipientOfficeId: 'ja-stadt-hilden',
      senderOfficeId: 'kpb-mettmann',
      deliveredAt: '2026-12-05T10:00:00.000Z',
      deadline: '2026-12-05T10:25:00.000Z',
      at: '2026-12-05T10:25:01.000Z',
      escalateTo: 'Rufbereitschaft, Kreis Mettmann',
      policyVersion: 'p1',
    };
    expect(lagTable({ ...snapshot, escalations: [escalation] }).at(-1)).toBe(
      'OVERDUE level 2 police-notification (DANGER_NOW) to ja-stadt-hilden: PICKUP_OVERDUE since 2026-12-05T10:25:00.000Z — Rufbereitschaft, Kreis Mettmann',
    );
  });
});
