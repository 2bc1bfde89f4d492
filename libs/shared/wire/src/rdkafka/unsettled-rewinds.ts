export interface PartitionOffset {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

const keyOf = (p: { topic: string; partition: number }): string => `${p.topic}:${p.partition}`;

/**
 * Partitions a stage read again after a transaction whose commit it had asked for and whose end it did not
 * learn (the answer lost, the abort refused, the producer replaced). If that commit took effect, reading again
 * would repeat its input: the router's duplicate window catches that, a redactor would deliver twice. Once a
 * producer holds the transactional id again, that transaction is over either way and the group's committed
 * offsets are stable (librdkafka asks for stable ones under read_committed, KIP-447): where they stand past
 * the rewind, the commit took effect and the stage goes on from there.
 */
export class UnsettledRewinds {
  private readonly rewound = new Map<string, PartitionOffset>();

  /** The position a partition was moved back to; two rewinds before settling keep the lower one. */
  rewind(at: PartitionOffset): void {
    const before = this.rewound.get(keyOf(at));
    if (!before || at.offset < before.offset) this.rewound.set(keyOf(at), at);
  }

  get pending(): boolean {
    return this.rewound.size > 0;
  }

  partitions(): { topic: string; partition: number }[] {
    return [...this.rewound.values()].map(({ topic, partition }) => ({ topic, partition }));
  }

  /**
   * Given the group's committed offsets for `partitions()`, where to go on instead of the rewind (only the
   * partitions whose commit took effect); forgets them all. A partition without a committed offset has none
   * past the rewind (librdkafka reports a negative logical offset).
   */
  settle(committed: readonly PartitionOffset[]): PartitionOffset[] {
    const ahead = committed.filter((c) => {
      const rewound = this.rewound.get(keyOf(c));
      return rewound !== undefined && c.offset > rewound.offset;
    });
    this.rewound.clear();
    return ahead.map(({ topic, partition, offset }) => ({ topic, partition, offset }));
  }

  /** The group took the partitions away: whoever owns them next starts from the committed offsets anyway. */
  clear(): void {
    this.rewound.clear();
  }
}
