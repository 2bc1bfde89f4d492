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
import { clientSecurityEnv, securityDir } from './lib/security.mjs';

const { services } = JSON.parse(readFileSync(join(localDir, 'services.json'), 'utf8'));
const register = join(repoRoot, 'tools', 'register.js');
/** `bin/ksb` as the given identity (the admin by default, as bin/ksb does on the local stack). */
const ksb = (args, principal) =>
  spawnSync(join(repoRoot, 'bin', 'ksb'), args, {
    stdio: 'inherit',
    env: principal ? { ...process.env, ...clientSecurityEnv(principal) } : process.env,
  }).status === 0;

const result = await startStack(single);
console.log(
  result.alreadyRunning ? 'local stack already running' : `local stack started in ${(result.ms / 1000).toFixed(1)} s`,
);
// The admin makes topics and ACLs match the catalogue, the directory and the plan; then the directory
// publisher, under its own identity, puts the directory on its topic.
if (!ksb(['topics', 'apply']) || !ksb(['acl', 'apply']) || !ksb(['directory', 'publish'], 'ksb-directory-publisher'))
  process.exit(1);
// The local profile's API keys: one per office of the directory, hashed for the gateway, readable for you.
const localKeys = join(securityDir, 'dev-api-keys.json');
if (!ksb(['keys', 'dev', '--file', join(securityDir, 'api-keys.json'), '--keys-out', localKeys])) process.exit(1);
const auditKeys = localAuditKeys();

const names = services.map((s) => s.name);
let stopping = false;
const alive = new Map();
const failedOnStop = new Set();

/**
 * Starts one service and restarts it when it ends on its own: a stage whose consumer could not recover
 * exits non-zero (EX_TEMPFAIL) on purpose, for its supervisor — here, this launcher — to start it afresh.
 */
const launch = (name, env) => {
  const child = spawn(process.execPath, ['-r', register, join(repoRoot, 'apps', name, 'src', 'main.ts')], {
    cwd: repoRoot,
    // Each stage connects as its own principal and can do its job and nothing else.
    env: { ...process.env, ...clientSecurityEnv(`ksb-${name}`), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  alive.set(name, child);
  const prefix = (chunk) =>
    chunk
      .toString()
      .split('\n')
      .filter(Boolean)
      .forEach((line) => console.log(`[${name}] ${line}`));
  child.stdout.on('data', prefix);
  child.stderr.on('data', prefix);
  child.stdout.on('data', (chunk) => chunk.toString().includes('"msg":"ready"') && onReady(name));
  child.on('exit', (code, signal) => {
    alive.delete(name);
    console.log(`[${name}] exited (${signal ?? code})`);
    if (stopping) {
      if (code !== 0) failedOnStop.add(name);
      if (alive.size === 0) finish();
      return;
    }
    console.log(`[${name}] restarting in 2 s`);
    setTimeout(() => !stopping && launch(name, env), 2000);
  });
};

/**
 * Ctrl-C reaches every process of the terminal's group, and `npm start` forwards its own signals to this
 * launcher: either way each service gets one clean stop (finish the batch, sign the audit tail, exit 0),
 * and this launcher exits once all of them have.
 */
const stop = (signal) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping ${[...alive.keys()].join(', ')}`);
  for (const child of alive.values()) child.kill('SIGTERM');
  if (alive.size === 0) finish();
  setTimeout(() => {
    console.log(`still running after 45 s, killed: ${[...alive.keys()].join(', ')}`);
    for (const child of alive.values()) child.kill('SIGKILL');
    process.exit(1);
  }, 45_000).unref();
};
const finish = () => {
  const failed = [...failedOnStop];
  console.log(
    failed.length === 0
      ? 'all services stopped cleanly; the Kafka stack keeps running (npm run stack:stop to stop it)'
      : `services stopped, not cleanly: ${failed.join(', ')}`,
  );
  process.exit(failed.length === 0 ? 0 : 1);
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

// Once every service says it is ready, one probe proves the path end to end.
const ready = new Set();
let announced = false;
function onReady(name) {
  ready.add(name);
  if (announced || ready.size !== names.length) return;
  announced = true;
  console.log(`bridge running: ${names.join(', ')}; Ctrl-C to stop`);
  console.log(`ingest gateway: http://127.0.0.1:8088/openapi.json (local API keys per office in ${localKeys})`);
  console.log(`kafka: TLS + SCRAM on 127.0.0.1:9092; one identity per stage and office in ${securityDir}/env/`);
  console.log(`audit trail: KSB_AUDIT_PUBLIC_KEY_FILE=${auditKeys.publicKeyFile} bin/ksb audit verify`);
  console.log('lag monitor: http://127.0.0.1:8093/ (dashboard), /metrics, /api/lag; bin/ksb lag in a terminal');
  const probe = spawn(join(repoRoot, 'bin', 'ksb'), ['canary'], { stdio: 'inherit' });
  probe.on('exit', (code) => code !== 0 && console.log('canary probe failed; see the service logs above'));
}

services.forEach(({ name, env }) => launch(name, env));
