// Fault suite: needs the three-node cluster and the single node (npm run test:faults starts both) and runs
// one scenario at a time; each streams through real processes for a minute or more.
module.exports = {
  displayName: 'faults',
  preset: '../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/**/*.fault-spec.ts'],
  testTimeout: 15 * 60_000,
  setupFilesAfterEnv: ['<rootDir>/../kill-leftover-services.ts'],
};
