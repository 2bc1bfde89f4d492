import { byRuleKey, ruleKey, type AccessRule } from './access-rule';

export interface PlanDiff {
  /** In the plan, not on the cluster. */
  readonly add: readonly AccessRule[];
  /** On the cluster, not in the plan: removed, so a grant nobody declared cannot linger. */
  readonly remove: readonly Omit<AccessRule, 'why'>[];
}

/** What `ksb acl apply` must do to make the cluster's ACLs exactly the plan. */
export const diffPlan = (plan: readonly AccessRule[], current: readonly Omit<AccessRule, 'why'>[]): PlanDiff => {
  const planned = new Set(plan.map(ruleKey));
  const present = new Set(current.map(ruleKey));
  return {
    add: plan.filter((r) => !present.has(ruleKey(r))).sort(byRuleKey),
    remove: current.filter((r) => !planned.has(ruleKey(r))).sort((a, b) => ruleKey(a).localeCompare(ruleKey(b))),
  };
};
