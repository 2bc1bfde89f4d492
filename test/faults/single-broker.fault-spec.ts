import { brokerNode } from '@ksb/testing-broker';
import { STAGES } from './fault-harness';
import { expectClean, runScenario, sleep } from './scenario';

describe('fault suite on the single node (faults)', () => {
  it(
    'the single broker stopped for 10 s and started again',
    async () => {
      const outcome = await runScenario('single broker stopped 10 s', 'single', async () => {
        await brokerNode('stop', 1);
        await sleep(10_000);
        await brokerNode('start', 1);
        return { faultEnded: Date.now(), broken: [...STAGES] };
      });
      // Every stage, the lag monitor included, must have said so while the only broker was gone.
      expectClean(outcome);
    },
    15 * 60_000,
  );
});
