#!/usr/bin/env node
// `npm start`: the bridge on the local stack. Starts Kafka and the registry (fetching them once), applies
// the topic catalogue, runs every service in the foreground with its JSON log, and proves the path with a
// canary probe. Ctrl-C stops the services; the stack keeps running until `npm run stack:stop`.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, localDir } from './lib/paths.mjs';
import { single } from './lib/topology.mjs';
import { startStack } from './lib/stack.mjs';
import { localAuditKeys } from './lib/audit-keys.mjs';

const { services } = JSON.parse(readFileSync(join(localDir, 'services.json'), 'utf8'));
const register = join(repoRoot, 'tools', 'register.js');
const ksb = (...args) => spawnSync(join(repoRoot, 'bin', 'ksb'), args, { stdio: 'inherit' }).status === 0;

const result = await startStack(single);
console.log(
  result.alreadyRunning ? 'local stack already running' : `local stack started in ${(result.ms / 1000).toFixed(1)} s`,
);
if (!ksb('topics', 'apply') || !ksb('directory', 'publish')) process.exit(1);
const auditKeys = localAuditKeys();

const names = services.map((s) => s.name);
const children = services.map(({ name, env }) => {
  const child = spawn(process.execPath, ['-r', register, join(repoRoot, 'apps', name, 'src', 'main.ts')], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (chunk) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      .forEach((line) => console.log(`[${name}] ${line}`));
  child.stdout.on('data', prefix);
  child.stderr.on('data', prefix);
  child.on('exit', (code, signal) => {
    console.log(`[${name}] exited (${signal ?? code})`);
    if (!stopping) process.exitCode = 1;
  });
  return child;
});

let stopping = false;
const stop = () => {
  stopping = true;
  children.forEach((c) => c.kill('SIGTERM'));
  console.log('services stopping; the Kafka stack keeps running (npm run stack:stop to stop it)');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

// Once every service says it is ready, one probe proves the path end to end.
const ready = new Set();
children.forEach((child, i) =>
  child.stdout.on('data', (chunk) => {
    if (!chunk.toString().includes('"msg":"ready"')) return;
    ready.add(names[i]);
    if (ready.size === names.length) {
      console.log(`bridge running: ${names.join(', ')}; Ctrl-C to stop`);
      console.log('ingest gateway: http://127.0.0.1:8088/openapi.json (local key for kpb-mettmann: dev-kpb-mettmann)');
      console.log(`audit trail: KSB_AUDIT_PUBLIC_KEY_FILE=${auditKeys.publicKeyFile} bin/ksb audit verify`);
      console.log('lag monitor: http://127.0.0.1:8093/ (dashboard), /metrics, /api/lag; bin/ksb lag in a terminal');
      const probe = spawn(join(repoRoot, 'bin', 'ksb'), ['canary'], { stdio: 'inherit' });
      probe.on('exit', (code) => code !== 0 && console.log('canary probe failed; see the service logs above'));
    }
  }),
);
