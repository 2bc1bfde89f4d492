import type { TopicSpec } from '@ksb/contracts';

/** A Strimzi `KafkaTopic` (kafka.strimzi.io/v1beta2), managed by the Topic Operator. */
export interface StrimziKafkaTopic {
  readonly apiVersion: 'kafka.strimzi.io/v1beta2';
  readonly kind: 'KafkaTopic';
  readonly metadata: { readonly name: string; readonly labels: Record<string, string> };
  readonly spec: {
    readonly topicName: string;
    readonly partitions: number;
    readonly replicas: number;
    readonly config: Record<string, string | number>;
  };
}

/**
 * The topic catalogue and the delivery topics as Strimzi resources, with the settings `ksb topics apply`
 * gives them, so Kubernetes and the local stack carry the same topics.
 */
export const strimziTopics = (
  specs: readonly TopicSpec[],
  clusterName: string,
  cluster: { replicas: number; minInsyncReplicas: number },
): StrimziKafkaTopic[] =>
  specs.map((spec) => ({
    apiVersion: 'kafka.strimzi.io/v1beta2',
    kind: 'KafkaTopic',
    metadata: { name: spec.name, labels: { 'strimzi.io/cluster': clusterName } },
    spec: {
      topicName: spec.name,
      partitions: spec.partitions,
      replicas: cluster.replicas,
      config: {
        'cleanup.policy': spec.cleanupPolicy,
        'retention.ms': spec.retentionMs,
        'max.message.bytes': spec.maxMessageBytes,
        'min.insync.replicas': cluster.minInsyncReplicas,
      },
    },
  }));
