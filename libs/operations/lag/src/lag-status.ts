/**
 * Burrow's vocabulary, evaluated over a sliding window of polls:
 * OK — keeping up, or idle with nothing waiting; WARN — committing, but the lag grew over the whole window;
 * STALL — members are there, the committed offset has not moved for the window while messages wait;
 * STOP — nobody consumes: no member and no progress for the window while messages wait;
 * REWIND — the committed offset went backwards (a reset or a replay someone should know about).
 */
export type LagStatus = 'OK' | 'WARN' | 'STALL' | 'STOP' | 'REWIND';

/** Worst first: a group is as bad as its worst partition. */
export const STATUS_SEVERITY: Record<LagStatus, number> = { OK: 0, WARN: 1, REWIND: 2, STALL: 3, STOP: 4 };

export const worstStatus = (statuses: Iterable<LagStatus>): LagStatus => {
  let worst: LagStatus = 'OK';
  for (const s of statuses) if (STATUS_SEVERITY[s] > STATUS_SEVERITY[worst]) worst = s;
  return worst;
};

/** One poll of one partition of one group. */
export interface PartitionPoll {
  readonly at: number;
  readonly committed: number;
  readonly high: number;
  /** Whether the group had members at that poll. */
  readonly consuming: boolean;
}

export interface StatusVerdict {
  readonly status: LagStatus;
  readonly reason: string;
}

const lagOf = (p: PartitionPoll) => Math.max(0, p.high - p.committed);

/**
 * The status of one partition from the polls inside the window (oldest first). Judging STALL or STOP needs
 * polls that span the whole window; before that a waiting partition is at worst WARN, so a monitor that
 * just started raises no false alarm.
 */
export const partitionStatus = (polls: readonly PartitionPoll[], windowMs: number): StatusVerdict => {
  const last = polls[polls.length - 1];
  if (!last) return { status: 'OK', reason: 'no polls yet' };
  for (let i = 1; i < polls.length; i++)
    if (polls[i].committed < polls[i - 1].committed)
      return {
        status: 'REWIND',
        reason: `committed offset went back from ${polls[i - 1].committed} to ${polls[i].committed}`,
      };
  const lag = lagOf(last);
  if (lag === 0) return { status: 'OK', reason: 'nothing waiting' };
  const first = polls[0];
  const spansWindow = last.at - first.at >= windowMs;
  const moved = last.committed !== first.committed;
  if (!moved && spansWindow)
    return last.consuming
      ? {
          status: 'STALL',
          reason: `offset ${last.committed} unchanged for ${Math.round((last.at - first.at) / 1000)} s with ${lag} waiting, members present`,
        }
      : {
          status: 'STOP',
          reason: `no consumer and offset ${last.committed} unchanged for ${Math.round((last.at - first.at) / 1000)} s with ${lag} waiting`,
        };
  const growing =
    polls.length >= 3 && polls.every((p, i) => i === 0 || lagOf(p) >= lagOf(polls[i - 1])) && lag > lagOf(first);
  if (growing) return { status: 'WARN', reason: `lag grew from ${lagOf(first)} to ${lag} over the window` };
  return { status: 'OK', reason: moved ? 'consuming' : 'waiting, window not yet full' };
};
