import { killLeftoverServices } from '@ksb/testing-broker';

// A root-level afterAll runs after every describe block's own hooks, timed-out ones included: whatever
// service is still running then was left behind by its test file, and would keep jest from exiting.
afterAll(() => {
  const left = killLeftoverServices();
  if (left.length > 0) process.stderr.write(`killed the services this file left running: ${left.join(', ')}\n`);
});
