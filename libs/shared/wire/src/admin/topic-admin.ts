import type { ITopicConfig } from 'kafkajs';
import type { ClientAdmin } from '../port/kafka-client.port';
import type { TopicSpec } from '@ksb/contracts';

export interface ClusterShape {
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
}

export const topicConfig = (spec: TopicSpec, cluster: ClusterShape): ITopicConfig => ({
  topic: spec.name,
  numPartitions: spec.partitions,
  replicationFactor: cluster.replicationFactor,
  configEntries: [
    { name: 'cleanup.policy', value: spec.cleanupPolicy },
    { name: 'retention.ms', value: String(spec.retentionMs) },
    { name: 'min.insync.replicas', value: String(cluster.minInsyncReplicas) },
    { name: 'max.message.bytes', value: String(spec.maxMessageBytes) },
  ],
});

/**
 * Creates the declared topics that are missing and brings existing ones to the declared settings.
 * Partitions are only ever added (Kafka cannot remove them); a shrink in the catalogue is reported.
 */
export const applyTopicCatalogue = async (admin: ClientAdmin, specs: readonly TopicSpec[], cluster: ClusterShape) => {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !existing.has(s.name));
  const present = specs.filter((s) => existing.has(s.name));
  if (missing.length > 0) {
    // kafkajs' own waitForLeaders retries only LEADER_NOT_AVAILABLE; a fresh KRaft broker answers
    // UNKNOWN_TOPIC_OR_PARTITION for a moment after creation, so we wait on our own terms.
    await admin.createTopics({ topics: missing.map((s) => topicConfig(s, cluster)), waitForLeaders: false });
    await waitUntilServed(
      admin,
      missing.map((s) => s.name),
    );
  }
  if (present.length === 0) return { created: missing.map((s) => s.name), updated: [] as string[] };
  await admin.alterConfigs({
    validateOnly: false,
    resources: present.map((s) => ({
      type: 2 /* ConfigResourceTypes.TOPIC */,
      name: s.name,
      configEntries: topicConfig(s, cluster).configEntries ?? [],
    })),
  });
  const metadata = await admin.fetchTopicMetadata({ topics: present.map((s) => s.name) });
  const grow = present.filter((s) => {
    const current = metadata.topics.find((t) => t.name === s.name)?.partitions.length ?? 0;
    if (current > s.partitions)
      throw new Error(`topic ${s.name} has ${current} partitions, more than the declared ${s.partitions}`);
    return current < s.partitions;
  });
  if (grow.length > 0)
    await admin.createPartitions({ topicPartitions: grow.map((s) => ({ topic: s.name, count: s.partitions })) });
  return { created: missing.map((s) => s.name), updated: present.map((s) => s.name) };
};

/**
 * A new broker can report a created topic (leaders elected) a moment before it serves requests for its
 * partitions ("does not host this topic-partition"). Callers that produce or fetch offsets right away
 * must not see that window, so creation returns only once every new topic answers an offsets request.
 */
const waitUntilServed = async (admin: ClientAdmin, topics: readonly string[], timeoutMs = 30_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (const topic of topics) {
    for (;;) {
      try {
        await admin.fetchTopicOffsets(topic);
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
};
