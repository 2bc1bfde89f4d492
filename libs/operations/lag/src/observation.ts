/** What the monitor reads from the cluster in one poll; the evaluation needs nothing else. */
export interface ClusterObservation {
  /** When the poll read these figures, ms since the epoch. */
  readonly at: number;
  readonly partitions: readonly PartitionEnds[];
  readonly groups: readonly GroupObservation[];
}

export interface PartitionEnds {
  readonly topic: string;
  readonly partition: number;
  readonly low: number;
  readonly high: number;
}

export interface GroupObservation {
  readonly groupId: string;
  /** Kafka's group state: Stable, PreparingRebalance, CompletingRebalance, Empty, Dead. */
  readonly state: string;
  /** Members of the group that have partitions assigned. */
  readonly members: number;
  readonly offsets: readonly CommittedOffset[];
}

export interface CommittedOffset {
  readonly topic: string;
  readonly partition: number;
  /** The next offset the group will read; null if it never committed for this partition. */
  readonly committed: number | null;
}
