import { brokerNode } from '@ksb/testing-broker';
import { STAGES } from './fault-harness';
import { RATE, runScenario, sleep } from './scenario';

describe('fault suite on the single node (faults)', () => {
  it(
    'the single broker stopped for 10 s and started again',
    async () => {
      const { result } = await runScenario('single broker stopped 10 s', 'single', async () => {
        await brokerNode('stop', 1);
        await sleep(10_000);
        await brokerNode('start', 1);
        return { faultEnded: Date.now(), broken: [...STAGES] };
      });
      expect({ lost: result.lost, duplicated: result.duplicated, notServed: result.notServed }).toEqual({
        lost: 0,
        duplicated: 0,
        notServed: 0,
      });
      expect(result.accepted).toBeGreaterThanOrEqual(Math.floor(RATE * result.streamSeconds * 0.95));
      for (const stage of STAGES) expect(result.redSeconds[stage]).toBeGreaterThan(0);
      expect(result.auditVerified).toBe(true);
    },
    15 * 60_000,
  );
});
