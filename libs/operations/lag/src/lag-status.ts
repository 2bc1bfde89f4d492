/**
 * Burrow's vocabulary, evaluated over a sliding window of polls:
 * OK — keeping up, or idle with nothing waiting; WARN — committing, but the group's lag grows over the window
 *   (judged on the group's total by groupTrendStatus, not per partition, whose lags a slow consumer spreads);
 * STALL — members are there, the committed offset has not moved for the window while messages wait;
 * STOP — nobody consumes: no member while messages wait, from the first poll that shows it (a consumer that
 *   died is not a matter of waiting out a window; the alert rules debounce a restart's brief gap);
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
  if (!last.consuming) return { status: 'STOP', reason: `no consumer in the group, ${lag} waiting` };
  const first = polls[0];
  const spansWindow = last.at - first.at >= windowMs;
  const moved = last.committed !== first.committed;
  if (!moved && spansWindow)
    return {
      status: 'STALL',
      reason: `offset ${last.committed} unchanged for ${Math.round((last.at - first.at) / 1000)} s with ${lag} waiting, members present`,
    };
  const growing =
    polls.length >= 3 && polls.every((p, i) => i === 0 || lagOf(p) >= lagOf(polls[i - 1])) && lag > lagOf(first);
  if (growing) return { status: 'WARN', reason: `lag grew from ${lagOf(first)} to ${lag} over the window` };
  return { status: 'OK', reason: moved ? 'consuming' : 'waiting, window not yet full' };
};

/** One poll of a group's total lag. */
export interface GroupPoll {
  readonly at: number;
  readonly lag: number;
}

/**
 * WARN when the group's total lag grows over the window: the least-squares slope of its polls is positive and
 * the last poll is above the first. A slow consumer's partitions take turns, so one partition's lag rises and
 * falls while the group's keeps climbing; judging each partition alone let it show OK for whole stretches.
 */
export const groupTrendStatus = (polls: readonly GroupPoll[]): StatusVerdict => {
  if (polls.length < 3) return { status: 'OK', reason: 'trend needs three polls' };
  const n = polls.length;
  const meanAt = polls.reduce((s, p) => s + p.at, 0) / n;
  const meanLag = polls.reduce((s, p) => s + p.lag, 0) / n;
  const covariance = polls.reduce((s, p) => s + (p.at - meanAt) * (p.lag - meanLag), 0);
  const variance = polls.reduce((s, p) => s + (p.at - meanAt) ** 2, 0);
  const perSecond = variance > 0 ? (covariance / variance) * 1000 : 0;
  const [first, last] = [polls[0], polls[n - 1]];
  return perSecond > 0 && last.lag > first.lag
    ? {
        status: 'WARN',
        reason: `group lag grows ${perSecond.toFixed(1)}/s (${first.lag} → ${last.lag}) over the window`,
      }
    : { status: 'OK', reason: 'group lag not growing' };
};
