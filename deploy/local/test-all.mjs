#!/usr/bin/env node
// `npm test`: the whole suite. Static checks, unit tests, then broker tests against the local stack,
// which it starts when it is not running (and then stops again, leaving the machine as it found it).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './lib/paths.mjs';
import { single } from './lib/topology.mjs';
import { isStackUp, startStack, stopStack } from './lib/stack.mjs';
import { printFailedTestLogs } from './lib/failed-test-logs.mjs';

const reports = mkdtempSync(join(tmpdir(), 'ksb-test-'));
// No step may hang the suite: CI has 90 minutes for all of it, and a step that outlives this is reported
// as failed (with what it printed so far) rather than running until CI kills everything without a summary.
const STEP_TIMEOUT_MS = 30 * 60_000;
const run = (title, command, args, env = {}) => {
  console.log(`\n=== ${title}`);
  const res = spawnSync(command, args, {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false', ...env },
    timeout: STEP_TIMEOUT_MS,
    killSignal: 'SIGINT',
  });
  if (res.error) console.log(`=== ${title}: ${res.error.message}`);
  return res.status === 0;
};
const npx = (...args) => ['npx', ['--no-install', ...args]];
const jestCounts = (file) => {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8'));
    return { passed: r.numPassedTests, failed: r.numFailedTests + r.numRuntimeErrorTestSuites };
  } catch {
    return { passed: 0, failed: 1 };
  }
};

const steps = [];
// First: the wire's librdkafka stage loop is typechecked and tested against it (docs/adr/0022).
steps.push(run('second Kafka client: librdkafka', 'node', ['deploy/local/native-client.mjs']));
steps.push(run('project tags', 'node', ['tools/check-project-tags.mjs']));
steps.push(run('format', ...npx('prettier', '--check', '.')));
steps.push(run('schemas: Avro validity and field classes', 'bin/ksb', ['schemas', 'lint']));
steps.push(
  run('codegen: TypeScript types from schemas/', ...npx('nx', 'run', 'contracts:codegen', '--output-style=static')),
);
steps.push(run('typecheck', ...npx('tsc', '-p', 'tsconfig.json', '--noEmit')));
steps.push(
  run('lint (module boundaries, no focused tests)', ...npx('nx', 'run-many', '-t', 'lint', '--output-style=static')),
);
steps.push(
  run('unit tests', ...npx('jest', '-c', 'jest.config.js', '--json', `--outputFile=${join(reports, 'unit.json')}`)),
);

steps.push(run('browser for the dashboard test', 'node', ['deploy/local/ensure-chromium.mjs']));
const startedHere = !(await isStackUp(single));
if (startedHere) await startStack(single);
try {
  const brokerTests = (title, report, env) => {
    // Each run keeps its services' logs; a failed test file's are printed below its result.
    const logDir = join(reports, `${report}.logs`);
    const ok = run(
      title,
      // --forceExit: nothing a failed file left open (a client, a timer) may keep jest from ending after its
      // report; services a file left running are killed after that file (test/kill-leftover-services.ts).
      ...npx(
        'jest',
        '-c',
        'test/jest.config.js',
        '--runInBand',
        '--forceExit',
        '--json',
        `--outputFile=${join(reports, report)}`,
      ),
      { KSB_TEST_LOG_DIR: logDir, ...env },
    );
    if (!ok) printFailedTestLogs(join(reports, report), logDir);
    return ok;
  };
  steps.push(brokerTests('broker tests', 'broker.json'));
  // The same broker tests with the stream stages on the second client: both must pass them.
  steps.push(
    brokerTests('broker tests, stages on librdkafka', 'broker-librdkafka.json', {
      KSB_STAGE_KAFKA_CLIENT: 'librdkafka',
    }),
  );
} finally {
  if (startedHere) await stopStack(single);
}

const unit = jestCounts(join(reports, 'unit.json'));
const broker = jestCounts(join(reports, 'broker.json'));
const librdkafka = jestCounts(join(reports, 'broker-librdkafka.json'));
// The reports were read: the run leaves nothing behind in the temp directory.
rmSync(reports, { recursive: true, force: true });
const failedSteps = steps.filter((ok) => !ok).length;
console.log(
  `\nunit: ${unit.passed} passed, ${unit.failed} failed; broker: ${broker.passed} passed, ${broker.failed} failed; ` +
    `broker, stages on librdkafka: ${librdkafka.passed} passed, ${librdkafka.failed} failed; failed steps: ${failedSteps}`,
);
const passed = unit.passed + broker.passed + librdkafka.passed;
console.log(`tests: ${passed} passed, ${unit.failed + broker.failed + librdkafka.failed} failed`);
process.exit(failedSteps === 0 ? 0 : 1);
