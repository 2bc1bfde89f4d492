import { groupTrendStatus, partitionStatus, worstStatus, type LagStatus, type PartitionPoll } from './lag-status';
import type { ClusterObservation } from './observation';
import { OffsetTimeTable } from './offset-time-table';

export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  readonly committed: number | null;
  readonly high: number;
  readonly lag: number;
  /** Estimated seconds behind (null while the table cannot tell). */
  readonly lagSeconds: number | null;
  /** Change of the lag in messages per second over the window. */
  readonly trend: number;
  readonly status: LagStatus;
  readonly reason: string;
}

export interface GroupLag {
  readonly groupId: string;
  readonly state: string;
  readonly members: number;
  readonly status: LagStatus;
  /** Why the group is WARN when its trend, not a partition, says so. */
  readonly reason?: string;
  readonly lag: number;
  readonly lagSeconds: number | null;
  /** Total lag per poll in the window, oldest first: the dashboard's sparkline. */
  readonly history: readonly number[];
  readonly partitions: readonly PartitionLag[];
}

export interface LagReport {
  readonly at: number;
  readonly groups: readonly GroupLag[];
}

export interface LagEvaluatorOptions {
  /** The sliding window statuses are judged over. */
  readonly windowMs: number;
  /** Groups to leave out (the monitor's own, throwaway readers). */
  readonly ignoreGroup?: (groupId: string) => boolean;
}

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/**
 * Turns a series of cluster observations into lag in offsets and seconds, trend and status per partition
 * and group. Pure and deterministic: time comes from the observations, so tests replay tables of polls.
 */
export class LagEvaluator {
  private readonly tables = new Map<string, OffsetTimeTable>();
  private readonly windows = new Map<string, PartitionPoll[]>();
  private readonly groupHistory = new Map<string, { at: number; lag: number }[]>();

  constructor(private readonly options: LagEvaluatorOptions) {}

  observe(observation: ClusterObservation): LagReport {
    const { at } = observation;
    const ends = new Map<string, { low: number; high: number }>();
    for (const p of observation.partitions) {
      const k = key(p.topic, p.partition);
      ends.set(k, p);
      let table = this.tables.get(k);
      if (!table) this.tables.set(k, (table = new OffsetTimeTable()));
      table.record(p.high, at);
    }
    const horizon = at - this.options.windowMs;
    const groups: GroupLag[] = [];
    const seen = new Set<string>();
    for (const group of observation.groups) {
      if (this.options.ignoreGroup?.(group.groupId)) continue;
      const partitions: PartitionLag[] = [];
      for (const offset of group.offsets) {
        const end = ends.get(key(offset.topic, offset.partition));
        if (!end) continue;
        const committed = offset.committed ?? end.low;
        const windowKey = `${group.groupId}\u0000${key(offset.topic, offset.partition)}`;
        seen.add(windowKey);
        const window = this.windows.get(windowKey) ?? [];
        window.push({ at, committed, high: end.high, consuming: group.members > 0 });
        // Keep the newest poll at or before the horizon too: it is what "unchanged for the window" compares with.
        while (window.length > 2 && window[1].at <= horizon) window.shift();
        this.windows.set(windowKey, window);
        const verdict = partitionStatus(window, this.options.windowMs);
        const lag = Math.max(0, end.high - committed);
        const first = window[0];
        const seconds = (at - first.at) / 1000;
        partitions.push({
          topic: offset.topic,
          partition: offset.partition,
          committed: offset.committed,
          high: end.high,
          lag,
          lagSeconds: this.tables.get(key(offset.topic, offset.partition))?.lagSeconds(committed, at) ?? null,
          trend: seconds > 0 ? (lag - Math.max(0, first.high - first.committed)) / seconds : 0,
          status: verdict.status,
          reason: verdict.reason,
        });
      }
      partitions.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
      const lag = partitions.reduce((n, p) => n + p.lag, 0);
      const history = this.groupHistory.get(group.groupId) ?? [];
      history.push({ at, lag });
      while (history.length > 60) history.shift();
      this.groupHistory.set(group.groupId, history);
      // WARN is the group's: its total over the window, not one partition's rise and fall.
      const trend = groupTrendStatus(history.filter((h) => h.at >= horizon));
      const partitionVerdicts = partitions.map((p) => (p.status === 'WARN' ? 'OK' : p.status));
      const seconds = partitions.map((p) => p.lagSeconds).filter((s): s is number => s !== null);
      groups.push({
        groupId: group.groupId,
        state: group.state,
        members: group.members,
        status: worstStatus([...partitionVerdicts, trend.status]),
        reason: trend.status === 'WARN' && worstStatus(partitionVerdicts) === 'OK' ? trend.reason : undefined,
        lag,
        lagSeconds: seconds.length ? Math.max(...seconds) : partitions.length ? null : 0,
        history: history.map((h) => h.lag),
        partitions,
      });
    }
    // Forget groups and partitions that are gone, so a deleted group does not haunt the report.
    for (const k of this.windows.keys()) if (!seen.has(k)) this.windows.delete(k);
    groups.sort((a, b) => a.groupId.localeCompare(b.groupId));
    return { at, groups };
  }
}
