#!/usr/bin/env node
// `npm run test:faults`: the fault suite. Starts the three-node cluster and the single node (each only if it
// is not running, and stops what it started), runs every scenario in test/faults one after another, and
// writes the results table to docs/faults/results.md. KSB_FAULT_RATE / KSB_FAULT_SECONDS change the load.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, existsSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './lib/paths.mjs';
import { cluster, single } from './lib/topology.mjs';
import { isStackUp, startStack, stopStack } from './lib/stack.mjs';

// `--record DIR`: only record the results an interrupted run left in DIR (its results.jsonl and jest.json).
const recordOnly = process.argv[2] === '--record' ? process.argv[3] : undefined;
const work = recordOnly ?? mkdtempSync(join(tmpdir(), 'ksb-faults-'));
const results = join(work, 'results.jsonl');
const report = join(work, 'jest.json');
const filter = recordOnly ? [] : process.argv.slice(2);

let status = recordOnly ? 1 : undefined;
if (!recordOnly) {
  const started = [];
  for (const topology of [cluster, single]) {
    if (await isStackUp(topology)) continue;
    await startStack(topology);
    started.push(topology);
  }
  try {
    status = spawnSync(
      'npx',
      [
        '--no-install',
        'jest',
        '-c',
        'test/faults/jest.config.js',
        '--runInBand',
        '--json',
        `--outputFile=${report}`,
        ...filter,
      ],
      { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, KSB_FAULT_RESULTS: results } },
    ).status;
  } finally {
    for (const topology of started) await stopStack(topology);
  }
}

const ran = existsSync(results)
  ? readFileSync(results, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => ({ ranAt: new Date().toISOString().slice(0, 16) + 'Z', ...JSON.parse(line) }))
  : [];
// The committed table keeps one row per scenario: a rerun of some scenarios (a jest filter) replaces theirs.
const dataFile = join(repoRoot, 'docs', 'faults', 'results.jsonl');
const earlier = existsSync(dataFile)
  ? readFileSync(dataFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
  : [];
const red = (r) =>
  Object.entries(r.redSeconds)
    .map(([stage, s]) => `${stage} ${s}`)
    .join(', ') || '—';
// How the services ran, where not as deployed by default: node options, the stages' Kafka client.
const stack = (r) => {
  const how = [
    r.serviceNodeArgs && `node ${r.serviceNodeArgs}`,
    r.stageKafkaClient && `stages on ${r.stageKafkaClient}`,
  ];
  return how.some(Boolean) ? `${r.topology} (${how.filter(Boolean).join('; ')})` : r.topology;
};
// One row per scenario and way of running it: a run on librdkafka does not replace the one on kafkajs.
const rows = [...earlier.filter((e) => !ran.some((r) => r.scenario === e.scenario && stack(r) === stack(e))), ...ran];
const exits = (r) => Object.values(r.exits).join(', ') || '—';
// What the lag monitor showed once the run had caught up (— : run before the monitor took part).
const monitor = (r) => {
  if (!r.monitor) return '—';
  const groups = Object.entries(r.monitor.groups).map(([stage, status]) => `${stage} ${status}`);
  const canary = r.monitor.canaryArrivedAfterFault ? 'back' : 'MISSING';
  return `${groups.join(', ')}; canary ${canary}${r.monitor.reportAfterFault ? '' : '; report STALE'}`;
};
const table = [
  '| scenario | run | stack | offered | accepted | lost | duplicated | recovery s | catch-up s | readiness red (s) | stage exits | dead letters | retries stopped | not served by the API | lag monitor afterwards | audit verified |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map(
    (r) =>
      `| ${r.scenario} | ${r.ranAt ?? ''} | ${stack(r)} | ${r.offeredPerSecond}/s × ${r.streamSeconds} s | ${r.accepted} | ${r.lost} | ${r.duplicated} | ${r.recoverySeconds} | ${r.catchUpSeconds} | ${red(r)} | ${exits(r)} | ${r.deadLetters} | ${r.duplicatesStopped ?? 0} | ${r.notServed ?? '—'} | ${monitor(r)} | ${r.auditVerified ? 'yes' : 'NO'} |`,
  ),
];
let passed = 0;
let failed = 1;
try {
  const jest = JSON.parse(readFileSync(report, 'utf8'));
  passed = jest.numPassedTests;
  failed = jest.numFailedTests + jest.numRuntimeErrorTestSuites;
} catch {
  // no report: jest did not run; counted as one failure
}
mkdirSync(join(repoRoot, 'docs', 'faults'), { recursive: true });
writeFileSync(dataFile, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
writeFileSync(
  join(repoRoot, 'docs', 'faults', 'results.md'),
  [
    '# Fault suite results',
    '',
    `Rerun with \`npm run test:faults\` (all scenarios, about 40 minutes) or \`npm run test:faults -- -t "<test name>"\` ` +
      `(e.g. "SIGKILL of the router"; replaces that scenario's row); last run on ${cpus().length} cores: the three-node cluster and the single node on ` +
      'loopback with TLS and SCRAM, gateway, router, redactor, audit writer, delivery API and lag monitor as processes, a client with 64 ' +
      'connections offering 200 events/s for 60 s. Lost and duplicated are counted per office topic (Hilden and ' +
      'Erkrath receive every event), read_committed. Recovery: from the end of the fault until every stage ' +
      'answered ready; catch-up: until every accepted event was delivered to both offices. Stage exits lists ' +
      'processes that ended other than by the harness (the killed ones show as SIGKILL). Retries stopped: ' +
      'second copies of an event that the client retried after an ambiguous failure and that landed twice, ' +
      'dead-lettered by the router as DUPLICATE_EVENT instead of delivered again. Not served by the API: ' +
      'deliveries on the office topics that the delivery API did not list to their office when each office paged ' +
      'through its list at the end (— : run before the API took part). Lag monitor afterwards: the status its report ' +
      "gave the run's router and redactor groups once every event was delivered, and whether its canary made the " +
      'round trip after the fault (— : run before the monitor took part; it is a stage of the run since 2026-12-08).',
    '',
    ...table,
    '',
    recordOnly
      ? `Last run interrupted; ${ran.length} scenarios recorded from it.`
      : `Last run: ${passed} passed, ${failed} failed.`,
    '',
  ].join('\n'),
);
console.log(table.join('\n'));
// Recorded: the work directory is only kept by a run that never got here (for `--record DIR`).
if (!recordOnly) rmSync(work, { recursive: true, force: true });
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(status === 0 && failed === 0 ? 0 : 1);
