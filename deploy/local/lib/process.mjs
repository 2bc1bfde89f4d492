// Detached JVM processes tracked by pid files, so `stop` works from any shell and after a crash.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, rmSync, openSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Whether the process runs. A killed node whose parent (the process that started the stack) has not reaped
 * it yet is a zombie: signal 0 still reaches it, but it is dead, and waiting for it to die must end.
 */
export const isAlive = (pid) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
};

export const readPid = (pidFile) => {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
};

export const startDetached = ({ command, args, cwd, logFile, pidFile, env }) => {
  mkdirSync(dirname(logFile), { recursive: true });
  const out = openSync(logFile, 'a');
  const child = spawn(command, args, {
    cwd,
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...process.env, ...env },
  });
  child.unref();
  writeFileSync(pidFile, String(child.pid));
  return child.pid;
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM first so Kafka flushes and closes its logs cleanly; SIGKILL only after the grace period. */
export const stopProcess = async (pidFile, graceMs = 30_000) => {
  const pid = readPid(pidFile);
  rmSync(pidFile, { force: true });
  if (!pid) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(200);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  return true;
};

/** Version text of a command (stdout and stderr, since `java -version` writes to stderr), or undefined if absent. */
export const hasCommand = (cmd, versionArgs = ['-version']) => {
  const res = spawnSync(cmd, versionArgs, { encoding: 'utf8' });
  if (res.error) return undefined;
  return `${res.stdout ?? ''}${res.stderr ?? ''}` || 'ok';
};
