import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..', '..');

export interface RunningService {
  readonly name: string;
  readonly pid: number;
  /** The environment it was started with (its port, group and ids). */
  readonly env: Record<string, string>;
  readonly logs: string[];
  /** Resolves when the process ends, however. */
  readonly exit: Promise<ServiceExit>;
  /**
   * Graceful stop (SIGTERM), as an orchestrator would do it, and like it SIGKILL after the grace period:
   * a service that ignores SIGTERM must fail its test, not keep the test runner alive.
   */
  stop(): Promise<ServiceExit>;
  /** Hard kill (SIGKILL), for crash tests. */
  kill(): Promise<ServiceExit>;
  /** Any signal (SIGINT as from a terminal, SIGSTOP/SIGCONT to freeze and thaw it). */
  signal(signal: NodeJS.Signals): void;
}

/** How a service process ended: its exit code, or the signal that ended it (Nest re-raises SIGTERM after its hooks). */
export interface ServiceExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** Kubernetes' terminationGracePeriodSeconds for the stages (deploy/k8s). */
const STOP_GRACE_MS = 35_000;

/**
 * Every service this process started that still runs. A test that fails before its afterAll (or whose
 * afterAll timed out) would leave them running: they hold the test runner open ("Jest did not exit") and go
 * on consuming the next file's topics. Jest gives each test file a process object of its own, whose 'exit'
 * never fires: test/kill-leftover-services.ts ends them after each file; a script ends them on exit.
 */
const running = new Map<ChildProcess, string>();

/** SIGKILLs every service still running and returns their names. */
export const killLeftoverServices = (): string[] => {
  const names = [...running.values()];
  for (const child of running.keys()) child.kill('SIGKILL');
  running.clear();
  return names;
};
process.once('exit', killLeftoverServices);

const exited = (child: ChildProcess) =>
  new Promise<ServiceExit>((res) =>
    child.exitCode !== null || child.signalCode !== null
      ? res({ code: child.exitCode, signal: child.signalCode })
      : child.once('exit', (code, signal) => res({ code, signal })),
  );

/**
 * Starts an app from apps/<name> as its own process, exactly as `npm start` does, and resolves once it
 * logs that it is ready. Tests talk to it only through Kafka, like a real agency system would.
 */
export const startService = async (
  name: string,
  env: Record<string, string>,
  readyTimeoutMs = 30_000,
): Promise<RunningService> => {
  // A benchmark runs a baseline revision's stages beside today's from a work tree of that revision.
  const root = env.KSB_SERVICE_ROOT ?? ROOT;
  const child = spawn(
    process.execPath,
    [...nodeArguments(), '-r', join(root, 'tools', 'register.js'), join(root, 'apps', name, 'src', 'main.ts')],
    {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  running.set(child, `${name} (pid ${child.pid})`);
  child.once('exit', () => running.delete(child));
  const logs: string[] = [];
  const onData = (chunk: Buffer) => logs.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  await new Promise<void>((res, rej) => {
    const timer = setTimeout(() => {
      // Never leave a half-started service behind: it would keep the test runner alive.
      child.kill('SIGKILL');
      rej(new Error(`${name} not ready within ${readyTimeoutMs} ms:\n${logs.slice(-20).join('\n')}`));
    }, readyTimeoutMs);
    const check = (chunk: Buffer) => {
      if (!chunk.toString().includes('"msg":"ready"')) return;
      // Stop looking once ready: scanning every later chunk would cost the test process its CPU.
      child.stdout?.off('data', check);
      clearTimeout(timer);
      res();
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`${name} exited with ${code} before it was ready:\n${logs.slice(-20).join('\n')}`));
    });
  });
  const exit = exited(child).then((ended) => (keepLogs(name, child.pid, logs), ended));
  return {
    name,
    pid: child.pid ?? -1,
    env,
    logs,
    exit,
    stop: () => {
      child.kill('SIGTERM');
      const grace = setTimeout(() => {
        process.stderr.write(
          `${name} (pid ${child.pid}) did not stop within ${STOP_GRACE_MS} ms of SIGTERM: SIGKILL\n`,
        );
        child.kill('SIGKILL');
      }, STOP_GRACE_MS);
      return exit.finally(() => clearTimeout(grace));
    },
    kill: () => (child.kill('SIGKILL'), exit),
    signal: (signal) => void child.kill(signal),
  };
};

/**
 * KSB_SERVICE_NODE_ARGS adds node options to every service a test or benchmark starts, e.g. `--prof` to
 * find where a stage's CPU goes (node refuses profiler flags in NODE_OPTIONS).
 */
const nodeArguments = (): string[] => process.env.KSB_SERVICE_NODE_ARGS?.split(' ').filter(Boolean) ?? [];

/**
 * With KSB_TEST_LOG_DIR set, a service's whole log is kept there when it ends, in a folder named after the
 * test file that started it, so a failed broker test (locally or in CI) can be read after the fact rather
 * than rerun; `npm test` prints the logs of the files that failed.
 */
const keepLogs = (name: string, pid: number | undefined, logs: readonly string[]) => {
  const root = process.env.KSB_TEST_LOG_DIR;
  if (!root) return;
  const dir = join(root, testFileName());
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, `${name}-${pid ?? 'unknown'}.log`), logs.join('\n') + '\n');
};

/** The running jest test file, or "outside-jest" for a benchmark or script. */
const testFileName = (): string => {
  const state = (globalThis as { expect?: { getState?: () => { testPath?: string } } }).expect?.getState?.();
  return state?.testPath ? basename(state.testPath) : 'outside-jest';
};
