import type { ClusterObservation, GroupObservation, PartitionEnds } from '@ksb/lag';
import type { Wire } from '@ksb/wire';

/**
 * One poll of the cluster through the admin API: every group's committed offsets and every partition's
 * log end, read as close together in time as the API allows (kafka-lag-exporter does the same).
 */
export const observeCluster = async (
  wire: Wire,
  options: { includeGroup?: (groupId: string) => boolean; includeTopic?: (topic: string) => boolean } = {},
): Promise<ClusterObservation> =>
  wire.withAdmin(async (admin) => {
    const listed = (await admin.listGroups()).groups
      .map((g) => g.groupId)
      .filter((g) => options.includeGroup?.(g) ?? true);
    const described = listed.length ? (await admin.describeGroups(listed)).groups : [];
    const groups: GroupObservation[] = [];
    const topics = new Set<string>();
    for (const group of described) {
      const offsets = await admin.fetchOffsets({ groupId: group.groupId });
      const flat = offsets.flatMap((t) =>
        t.partitions.map((p) => ({
          topic: t.topic,
          partition: p.partition,
          committed: Number(p.offset) >= 0 ? Number(p.offset) : null,
        })),
      );
      const relevant = flat.filter((o) => options.includeTopic?.(o.topic) ?? true);
      relevant.forEach((o) => topics.add(o.topic));
      groups.push({
        groupId: group.groupId,
        state: group.state,
        members: group.members.filter((m) => m.memberAssignment && m.memberAssignment.length > 0).length,
        offsets: relevant,
      });
    }
    const at = Date.now();
    const partitions: PartitionEnds[] = [];
    for (const topic of topics) {
      try {
        for (const p of await admin.fetchTopicOffsets(topic))
          partitions.push({ topic, partition: p.partition, low: Number(p.low), high: Number(p.high) });
      } catch {
        // A deleted topic a group still has offsets for: nothing to measure against.
      }
    }
    return { at, partitions, groups };
  });
