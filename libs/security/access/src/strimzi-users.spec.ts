import { EVENT_TYPES } from '@ksb/contracts';
import { accessPlan } from './access-plan';
import { strimziUsers } from './strimzi-users';

describe('strimziUsers', () => {
  const plan = accessPlan({
    offices: [{ id: 'ja-kreis-soest', role: 'JUGENDAMT' }],
    auditedTopics: EVENT_TYPES.map((e) => e.ingestTopic),
  });
  const users = strimziUsers(plan, 'ksb');

  it('makes one KafkaUser per principal with SCRAM and every planned operation', () => {
    expect(users.map((u) => u.metadata.name)).toEqual([...new Set(plan.map((r) => r.principal.slice(5)))]);
    const operations = users.reduce(
      (n, u) => n + u.spec.authorization.acls.reduce((m, a) => m + a.operations.length, 0),
      0,
    );
    expect(operations).toBe(plan.length);
    for (const u of users) {
      expect(u.spec.authentication.type).toBe('scram-sha-512');
      expect(u.metadata.labels['strimzi.io/cluster']).toBe('ksb');
    }
  });

  it('writes the office’s grants in Strimzi’s words', () => {
    const office = users.find((u) => u.metadata.name === 'office-ja-kreis-soest');
    expect(office?.spec.authorization.acls).toEqual(
      expect.arrayContaining([
        {
          resource: { type: 'topic', name: 'ksb.delivery.ja-kreis-soest', patternType: 'literal' },
          operations: ['Read'],
          host: '*',
        },
        {
          resource: { type: 'group', name: 'office-ja-kreis-soest.', patternType: 'prefix' },
          operations: ['Read'],
          host: '*',
        },
      ]),
    );
    const lag = users.find((u) => u.metadata.name === 'ksb-lag-monitor');
    expect(lag?.spec.authorization.acls).toContainEqual({
      resource: { type: 'cluster' },
      operations: ['Describe'],
      host: '*',
    });
  });
});
