import type { AccessRule, Operation, ResourceType } from './access-rule';

/** A Strimzi `KafkaUser` (kafka.strimzi.io/v1beta2): SCRAM-SHA-512 credentials and simple-authorizer ACLs. */
export interface StrimziKafkaUser {
  readonly apiVersion: 'kafka.strimzi.io/v1beta2';
  readonly kind: 'KafkaUser';
  readonly metadata: { readonly name: string; readonly labels: Record<string, string> };
  readonly spec: {
    readonly authentication: { readonly type: 'scram-sha-512' };
    readonly authorization: {
      readonly type: 'simple';
      readonly acls: readonly {
        readonly resource: { type: string; name?: string; patternType?: 'literal' | 'prefix' };
        readonly operations: readonly string[];
        readonly host: '*';
      }[];
    };
  };
}

const RESOURCE: Record<ResourceType, string> = {
  TOPIC: 'topic',
  GROUP: 'group',
  TRANSACTIONAL_ID: 'transactionalId',
  CLUSTER: 'cluster',
};
const OPERATION: Record<Operation, string> = {
  READ: 'Read',
  WRITE: 'Write',
  DESCRIBE: 'Describe',
  DESCRIBE_CONFIGS: 'DescribeConfigs',
};

/**
 * The same plan as Strimzi resources, one KafkaUser per principal, so Kubernetes deployments get exactly
 * the ACLs `ksb acl apply` sets on the local stack. Strimzi's User Operator creates the SCRAM secret.
 */
export const strimziUsers = (plan: readonly AccessRule[], clusterName: string): StrimziKafkaUser[] => {
  const byPrincipal = new Map<string, AccessRule[]>();
  for (const rule of plan) byPrincipal.set(rule.principal, [...(byPrincipal.get(rule.principal) ?? []), rule]);
  return [...byPrincipal].map(([principal, rules]) => {
    const acls = new Map<
      string,
      { resource: StrimziKafkaUser['spec']['authorization']['acls'][number]['resource']; operations: string[] }
    >();
    for (const r of rules) {
      const resource =
        r.resourceType === 'CLUSTER'
          ? { type: RESOURCE.CLUSTER }
          : {
              type: RESOURCE[r.resourceType],
              name: r.resourceName,
              patternType: r.patternType === 'PREFIXED' ? ('prefix' as const) : ('literal' as const),
            };
      const key = JSON.stringify(resource);
      const entry = acls.get(key) ?? { resource, operations: [] };
      entry.operations.push(OPERATION[r.operation]);
      acls.set(key, entry);
    }
    return {
      apiVersion: 'kafka.strimzi.io/v1beta2',
      kind: 'KafkaUser',
      metadata: { name: principal.replace(/^User:/, ''), labels: { 'strimzi.io/cluster': clusterName } },
      spec: {
        authentication: { type: 'scram-sha-512' },
        authorization: {
          type: 'simple',
          acls: [...acls.values()].map((a) => ({ resource: a.resource, operations: a.operations, host: '*' })),
        },
      },
    };
  });
};
