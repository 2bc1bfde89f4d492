// Start/stop/status of a whole local stack (Kafka node(s) plus registry), safe to call repeatedly.
import { join } from 'node:path';
import { fetchAll } from './fetch.mjs';
import { busyPorts, canConnect } from './ports.mjs';
import { readPid, startDetached, stopProcess, isAlive } from './process.mjs';
import { prepareNode, kafkaCommand, kafkaPidFile, kafkaLogFile } from './kafka.mjs';
import { registryCommand, registryPidFile, registryAnswers, registryLogFile } from './registry.mjs';
import { waitUntil } from './wait.mjs';
import { bootstrapServers, registryUrl } from './topology.mjs';
import { localSecurity } from './security.mjs';

const START_TIMEOUT_MS = Number(process.env.KSB_STACK_START_TIMEOUT_MS ?? 120_000);

export const stackStatus = (t) => ({
  brokers: t.brokers.map((b) => ({ nodeId: b.nodeId, port: b.port, pid: readPid(kafkaPidFile(t, b)) })),
  registry: { port: t.registryPort, pid: readPid(registryPidFile(t)) },
});

const runningPids = (t) => {
  const s = stackStatus(t);
  return [...s.brokers.map((b) => b.pid), s.registry.pid].filter(Boolean);
};

export const isStackUp = async (t) =>
  (await Promise.all(t.brokers.map((b) => canConnect(b.port)))).every(Boolean) &&
  (await registryAnswers(registryUrl(t)));

/** @returns {{alreadyRunning: boolean, fetched: string[], ms: number}} */
export const startStack = async (t, log = console.log) => {
  const began = Date.now();
  const all = runningPids(t).length === t.brokers.length + 1;
  if (all && (await isStackUp(t))) return { alreadyRunning: true, fetched: [], ms: 0 };
  if (runningPids(t).length > 0) {
    log(`a partial ${t.name} stack is running; stopping it before a clean start`);
    await stopStack(t);
  }
  const fetched = fetchAll();
  const ports = [...t.brokers.flatMap((b) => [b.port, b.controllerPort]), t.registryPort];
  const busy = await busyPorts(ports);
  if (busy.length > 0) throw new Error(`cannot start the ${t.name} stack: ${busy.join('; ')}`);

  const security = localSecurity();
  for (const b of t.brokers) {
    const config = prepareNode(t, b, security);
    startDetached(kafkaCommand(t, b, config));
  }
  startDetached(registryCommand(t, security));
  // A half-started stack is worse than none: on any readiness failure, stop what was started.
  await Promise.all([
    ...t.brokers.map((b) =>
      waitUntil({
        what: `Kafka node ${b.nodeId} on 127.0.0.1:${b.port}`,
        check: () => canConnect(b.port),
        timeoutMs: START_TIMEOUT_MS,
        logFile: kafkaLogFile(t, b),
        isRunning: () => isAlive(readPid(kafkaPidFile(t, b)) ?? -1),
      }),
    ),
    waitUntil({
      what: `schema registry on 127.0.0.1:${t.registryPort}`,
      check: () => registryAnswers(registryUrl(t)),
      timeoutMs: START_TIMEOUT_MS,
      logFile: registryLogFile(t),
      isRunning: () => isAlive(readPid(registryPidFile(t)) ?? -1),
    }),
  ]).catch(async (error) => {
    await stopStack(t);
    throw error;
  });
  log(`${t.name} stack ready: kafka ${bootstrapServers(t)}, registry ${registryUrl(t)}`);
  return { alreadyRunning: false, fetched, ms: Date.now() - began };
};

export const stopStack = async (t) => {
  const stopped = await Promise.all([
    stopProcess(registryPidFile(t)),
    ...t.brokers.map((b) => stopProcess(kafkaPidFile(t, b))),
  ]);
  return stopped.filter(Boolean).length;
};

export const stopBroker = (t, b) => stopProcess(kafkaPidFile(t, b));

/** SIGKILL, as a crashed machine would: no flush, no controlled shutdown. */
export const killBroker = async (t, b) => {
  const pid = readPid(kafkaPidFile(t, b));
  if (!pid) return false;
  process.kill(pid, 'SIGKILL');
  await waitUntil({ what: `node ${b.nodeId} to die`, check: async () => !isAlive(pid), timeoutMs: 10_000 });
  return true;
};

/** Starts one stopped node of a running stack and waits until it accepts connections. */
export const startBroker = async (t, b) => {
  if (readPid(kafkaPidFile(t, b))) return;
  startDetached(kafkaCommand(t, b, join(kafkaCommand(t, b, '').cwd, 'server.properties')));
  await waitUntil({
    what: `Kafka node ${b.nodeId} on 127.0.0.1:${b.port}`,
    check: () => canConnect(b.port),
    timeoutMs: START_TIMEOUT_MS,
    logFile: kafkaLogFile(t, b),
    isRunning: () => isAlive(readPid(kafkaPidFile(t, b)) ?? -1),
  });
};
