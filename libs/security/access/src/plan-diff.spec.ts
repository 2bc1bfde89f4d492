import type { AccessRule } from './access-rule';
import { diffPlan } from './plan-diff';

const rule = (principal: string, resourceName: string, operation: AccessRule['operation'] = 'READ'): AccessRule => ({
  principal: `User:${principal}`,
  resourceType: 'TOPIC',
  resourceName,
  patternType: 'LITERAL',
  operation,
  why: 'test',
});

describe('diffPlan', () => {
  it('adds what is missing and removes what nobody declared', () => {
    const plan = [rule('a', 't1'), rule('b', 't2', 'WRITE')];
    const current = [rule('a', 't1'), rule('c', 't2', 'WRITE')];
    const diff = diffPlan(plan, current);
    expect(diff.add).toEqual([rule('b', 't2', 'WRITE')]);
    expect(diff.remove).toEqual([rule('c', 't2', 'WRITE')]);
  });

  it('is empty when the cluster matches, whatever the reasons say', () => {
    const plan = [rule('a', 't1')];
    const other: AccessRule = { ...rule('a', 't1'), why: 'another reason' };
    expect(diffPlan(plan, [other])).toEqual({ add: [], remove: [] });
  });
});
