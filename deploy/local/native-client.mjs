#!/usr/bin/env node
// The second Kafka client (docs/adr/0022): @confluentinc/kafka-javascript, a native addon around librdkafka.
// No prebuilt binary is reachable here, so it is built from source against Debian's compression, curl and
// SASL libraries (CKJS_LINKING=dynamic). An optional dependency: `npm ci` goes on without it where it cannot
// be built; this script installs the Debian packages when missing and allowed (root, as in CI) and builds it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './lib/paths.mjs';

const NAME = '@confluentinc/kafka-javascript';
const PACKAGES = ['libzstd-dev', 'liblz4-dev', 'libcurl4-openssl-dev', 'libsasl2-dev'];

const loads = () =>
  spawnSync('node', ['-e', `process.stdout.write(require('${NAME}').librdkafkaVersion)`], {
    cwd: repoRoot,
    encoding: 'utf8',
  });

const first = loads();
if (first.status === 0) {
  console.log(`${NAME}: librdkafka ${first.stdout}`);
  process.exit(0);
}

const missing = PACKAGES.filter((p) => spawnSync('dpkg', ['-s', p], { stdio: 'ignore' }).status !== 0);
if (missing.length > 0) {
  if (process.getuid?.() !== 0 || spawnSync('apt-get', ['--version']).status !== 0) {
    console.error(`${NAME} needs Debian's ${missing.join(', ')} to build: apt-get install them, then run this again`);
    process.exit(1);
  }
  console.log(`${NAME}: installing ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', ...missing],
  ])
    if (spawnSync('apt-get', args, { stdio: 'inherit', env }).status !== 0) {
      console.error(`apt-get ${args.join(' ')} failed`);
      process.exit(1);
    }
}

const version = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).optionalDependencies?.[NAME];
console.log(`${NAME}: building ${version} from source (a minute or two)`);
const built = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', `${NAME}@${version}`], {
  cwd: repoRoot,
  stdio: 'inherit',
  env: { ...process.env, CKJS_LINKING: 'dynamic' },
});
const after = loads();
if (built.status !== 0 || after.status !== 0) {
  console.error(`${NAME} did not build: ${after.stderr.split('\n')[0]}`);
  process.exit(1);
}
console.log(`${NAME}: librdkafka ${after.stdout}`);
