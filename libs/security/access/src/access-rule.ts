/**
 * One Kafka ACL in the bridge's words: who (principal) may do what (operation) on which resource. Kafka's
 * own names are kept so an operator reading `kafka-acls --list` recognises every row.
 */
export type ResourceType = 'TOPIC' | 'GROUP' | 'TRANSACTIONAL_ID' | 'CLUSTER';
export type PatternType = 'LITERAL' | 'PREFIXED';
/**
 * READ, WRITE, DELETE and ALTER imply DESCRIBE on the same resource (Kafka's authorizer), so the plan
 * lists DESCRIBE only where nothing else is granted.
 */
export type Operation = 'READ' | 'WRITE' | 'DESCRIBE' | 'DESCRIBE_CONFIGS';

export interface AccessRule {
  /** `User:<name>`, the SASL/SCRAM user name the identity authenticates with. */
  readonly principal: string;
  readonly resourceType: ResourceType;
  readonly resourceName: string;
  readonly patternType: PatternType;
  readonly operation: Operation;
  /** Why this principal needs it, in one line (shown by `ksb acl plan`). */
  readonly why: string;
}

/** The identity of a rule, for comparing the plan with what the cluster has. */
export const ruleKey = (r: Omit<AccessRule, 'why'>): string =>
  [r.principal, r.resourceType, r.patternType, r.resourceName, r.operation].join(' ');

export const byRuleKey = (a: AccessRule, b: AccessRule): number => ruleKey(a).localeCompare(ruleKey(b));
