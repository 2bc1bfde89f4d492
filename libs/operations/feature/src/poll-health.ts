import { fetchedRecently, healthOf, type ConsumerHealth } from '@ksb/wire';

/** What the lag monitor knows about its own cluster polls. */
export interface PollFacts {
  readonly pollMs: number;
  /** The last poll that produced a report. */
  readonly lastPolledAt?: number;
  /** Set while a poll runs: one that never returns blocks every later one. */
  readonly pollStartedAt?: number;
  /** Why the last poll failed; undefined once one succeeds again. */
  readonly lastPollError?: string;
  readonly failures: number;
  /** KSB_CONSUMER_STALL_MS, as for every consumer loop. */
  readonly stallAfterMs: number;
}

/**
 * The monitor's polls, judged like a consumer loop: ready while its report is fresh (by the loops' own rule)
 * and its last poll succeeded (a monitor that cannot see the cluster must not look healthy: its silence would
 * read as "all quiet" on the dashboard); not live once a poll has hung past the stall time, so it is restarted.
 */
export const pollHealth = (facts: PollFacts, now: number): ConsumerHealth =>
  healthOf(
    {
      name: 'lag-poll',
      groupId: '-',
      state: facts.lastPollError === undefined ? 'running' : 'recovering',
      member: true,
      assignedPartitions: 0,
      restarts: facts.failures,
      lastFetchAt: facts.lastPolledAt,
      waitingSince: facts.pollStartedAt,
      lastError: facts.lastPollError,
    },
    now,
    (ago) => fetchedRecently(ago, facts.pollMs),
    facts.stallAfterMs,
  );
