// Broker tests: they need the local stack (npm test starts it) and run one file at a time, because each
// starts services as real processes on a 2-core machine.
module.exports = {
  displayName: 'broker',
  preset: '../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/broker/**/*.broker-spec.ts'],
  testTimeout: 60_000,
  setupFilesAfterEnv: ['<rootDir>/kill-leftover-services.ts'],
};
