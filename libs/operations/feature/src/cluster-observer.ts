import type { ClusterObservation, GroupObservation, PartitionEnds } from '@ksb/lag';
import type { Wire } from '@ksb/wire';

/**
 * One poll of the cluster through the admin API: every included group's committed offsets and members, and
 * the log end of every partition those groups have offsets for. The requests per group and per topic go out
 * together, so a poll takes a few round trips whatever the number of groups.
 */
export const observeCluster = async (
  wire: Wire,
  includeGroup: (groupId: string) => boolean = () => true,
): Promise<ClusterObservation> =>
  wire.withAdmin(async (admin) => {
    const listed = (await admin.listGroups()).groups.map((g) => g.groupId).filter(includeGroup);
    const described = listed.length ? (await admin.describeGroups(listed)).groups : [];
    const groups: GroupObservation[] = await Promise.all(
      described.map(async (group) => ({
        groupId: group.groupId,
        state: group.state,
        members: group.members.filter((m) => m.memberAssignment && m.memberAssignment.length > 0).length,
        offsets: (await admin.fetchOffsets({ groupId: group.groupId })).flatMap((t) =>
          t.partitions.map((p) => ({
            topic: t.topic,
            partition: p.partition,
            committed: Number(p.offset) >= 0 ? Number(p.offset) : null,
          })),
        ),
      })),
    );
    const topics = [...new Set(groups.flatMap((g) => g.offsets.map((o) => o.topic)))];
    const at = Date.now();
    const ends = await Promise.all(
      topics.map(async (topic): Promise<PartitionEnds[]> => {
        try {
          return (await admin.fetchTopicOffsets(topic)).map((p) => ({
            topic,
            partition: p.partition,
            low: Number(p.low),
            high: Number(p.high),
          }));
        } catch {
          // A deleted topic a group still has offsets for: nothing to measure against.
          return [];
        }
      }),
    );
    return { at, partitions: ends.flat(), groups };
  });
