import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes, type AclEntry } from 'kafkajs';
import type { ClientAdmin } from '../port/kafka-client.port';

/** An allow rule as the access plan states it (structurally @ksb/access's AccessRule, without its reason). */
export interface AllowRule {
  readonly principal: string;
  readonly resourceType: 'TOPIC' | 'GROUP' | 'TRANSACTIONAL_ID' | 'CLUSTER';
  readonly resourceName: string;
  readonly patternType: 'LITERAL' | 'PREFIXED';
  readonly operation: 'READ' | 'WRITE' | 'DESCRIBE' | 'DESCRIBE_CONFIGS';
}

const RESOURCE = {
  TOPIC: AclResourceTypes.TOPIC,
  GROUP: AclResourceTypes.GROUP,
  TRANSACTIONAL_ID: AclResourceTypes.TRANSACTIONAL_ID,
  CLUSTER: AclResourceTypes.CLUSTER,
} as const;
const PATTERN = { LITERAL: ResourcePatternTypes.LITERAL, PREFIXED: ResourcePatternTypes.PREFIXED } as const;
const OPERATION = {
  READ: AclOperationTypes.READ,
  WRITE: AclOperationTypes.WRITE,
  DESCRIBE: AclOperationTypes.DESCRIBE,
  DESCRIBE_CONFIGS: AclOperationTypes.DESCRIBE_CONFIGS,
} as const;

const nameOf = <K extends string>(table: Record<K, number>, value: number): K | undefined =>
  (Object.keys(table) as K[]).find((k) => table[k] === value);

const toEntry = (r: AllowRule): AclEntry => ({
  principal: r.principal,
  host: '*',
  operation: OPERATION[r.operation],
  permissionType: AclPermissionTypes.ALLOW,
  resourceType: RESOURCE[r.resourceType],
  resourceName: r.resourceName,
  resourcePatternType: PATTERN[r.patternType],
});

/**
 * Every ACL on the cluster in the plan's terms. A rule the plan cannot express (DENY, a host other than
 * any, another operation) is returned as `foreign`, so `ksb acl apply` removes it too rather than ignore it.
 */
export const describeAllowRules = async (admin: ClientAdmin): Promise<{ rules: AllowRule[]; foreign: AclEntry[] }> => {
  const described = await admin.describeAcls({
    resourceType: AclResourceTypes.ANY,
    resourcePatternType: ResourcePatternTypes.ANY,
    operation: AclOperationTypes.ANY,
    permissionType: AclPermissionTypes.ANY,
  });
  const rules: AllowRule[] = [];
  const foreign: AclEntry[] = [];
  for (const resource of described.resources)
    for (const acl of resource.acls) {
      const entry: AclEntry = { ...acl, ...resource };
      const resourceType = nameOf(RESOURCE, resource.resourceType);
      const patternType = nameOf(PATTERN, resource.resourcePatternType);
      const operation = nameOf(OPERATION, acl.operation);
      if (
        resourceType &&
        patternType &&
        operation &&
        acl.host === '*' &&
        acl.permissionType === AclPermissionTypes.ALLOW
      )
        rules.push({
          principal: acl.principal,
          resourceType,
          resourceName: resource.resourceName,
          patternType,
          operation,
        });
      else foreign.push(entry);
    }
  return { rules, foreign };
};

export const createAllowRules = async (admin: ClientAdmin, rules: readonly AllowRule[]): Promise<void> => {
  if (rules.length > 0) await admin.createAcls({ acl: rules.map(toEntry) });
};

export const deleteAclEntries = async (admin: ClientAdmin, entries: readonly AclEntry[]): Promise<void> => {
  if (entries.length > 0) await admin.deleteAcls({ filters: [...entries] });
};

export const deleteAllowRules = (admin: ClientAdmin, rules: readonly AllowRule[]): Promise<void> =>
  deleteAclEntries(admin, rules.map(toEntry));
