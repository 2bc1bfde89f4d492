// Peers the bridge is measured against in the same run: the raw passthrough, Kafka Streams, the stage loop's
// floor and the gateway's HTTPS floor, each a process of its own, stopped after their run.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningService, TestBroker } from '@ksb/testing-broker';

const ROOT = join(__dirname, '..', '..', '..');

/** A process under measurement: its pid for CPU, and its end, which fails the run if it comes early. */
export interface Stage {
  readonly name: string;
  readonly pid: number;
  readonly exit: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * Work raced against the stages' ends: a stage that ends fails the run at once, whatever the run is waiting
 * for. A dead gateway's refusals, or a topic a dead stage no longer fills, would otherwise read as figures.
 */
export const failWhenAnyEnds = (stages: readonly Stage[]) => {
  let stageEnded: (error: Error) => void = () => undefined;
  const ended = new Promise<never>((_, reject) => (stageEnded = reject));
  // Stopping the stages after the run ends them too: that rejection is nobody's failure.
  ended.catch(() => undefined);
  for (const stage of stages)
    void stage.exit.then((code) => stageEnded(new Error(`${stage.name} ended (exit ${code}) during the run`)));
  return <T>(work: Promise<T>): Promise<T> => Promise.race([work, ended]);
};

/** A bridge service started as `npm start` runs it (router, redactor, gateway), measured as a stage. */
export const serviceStage = (service: RunningService): Stage => ({
  name: service.name,
  pid: service.pid,
  exit: service.exit.then((e) => e.code),
  stop: async () => void (await service.stop()),
});

/** Starts a process and resolves once it prints RUNNING; rejects if it ends or stays silent before. */
const startStage = async (
  name: string,
  child: ChildProcess,
  readyMs = 120_000,
  cleanup: () => void = () => undefined,
) => {
  const output: string[] = [];
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => (cleanup(), resolve(code))));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} not running after ${readyMs} ms: ${output.join('')}`)),
      readyMs,
    );
    const seen = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (!output.join('').includes('RUNNING')) return;
      clearTimeout(timer);
      resolve();
    };
    child.stdout?.on('data', seen);
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    void exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} ended (${code}): ${output.join('')}`));
    });
  });
  return {
    name,
    pid: child.pid ?? -1,
    exit,
    stop: async () => {
      child.kill('SIGTERM');
      await Promise.race([exit, new Promise((r) => setTimeout(r, 15_000))]);
      child.kill('SIGKILL');
    },
  } satisfies Stage;
};

/** One of the peers written in TypeScript here, run as the services are. */
const startNodePeer = (name: string, script: string, env: Record<string, string>): Promise<Stage> =>
  startStage(
    name,
    spawn(process.execPath, ['-r', join(ROOT, 'tools', 'register.js'), join(__dirname, script)], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );

export const startRawPassthrough = (input: string, output: string): Promise<Stage> =>
  startNodePeer('raw passthrough', 'raw-passthrough.ts', { KSB_BENCH_INPUT: input, KSB_BENCH_OUTPUT: output });

/** One hop of the loop floor (loop-floor.ts): `verify` as the router checks a signature, `sign` as the redactor signs. */
export const startLoopFloorHop = (
  hop: 'verify' | 'sign',
  topics: { input: string; output: string; otherOutput: string },
  signatures: { logicalInput: string; signedAs: string; recipients: readonly string[] },
): Promise<Stage> =>
  startNodePeer(`floor ${hop}`, 'loop-floor.ts', {
    KSB_BENCH_HOP: hop,
    KSB_BENCH_INPUT: topics.input,
    KSB_BENCH_OUTPUT: topics.output,
    KSB_BENCH_OTHER_OUTPUT: topics.otherOutput,
    KSB_BENCH_LOGICAL_INPUT: signatures.logicalInput,
    KSB_BENCH_SIGNED_AS: signatures.signedAs,
    KSB_BENCH_RECIPIENTS: signatures.recipients.join(','),
  });

/** The HTTPS floor under the gateway (https-floor.ts), on the gateway's certificate and a port of its own. */
export const startHttpsFloor = (tls: { certFile: string; keyFile: string }, port: number): Promise<Stage> =>
  startNodePeer('https floor', 'https-floor.ts', {
    KSB_BENCH_TLS_CERT_FILE: tls.certFile,
    KSB_BENCH_TLS_KEY_FILE: tls.keyFile,
    KSB_BENCH_PORT: String(port),
  });

const KAFKA_VERSION: string = JSON.parse(readFileSync(join(ROOT, 'deploy', 'local', 'versions.json'), 'utf8')).kafka
  .version;

/**
 * Builds the Kafka Streams peer once per Kafka version into the stack's cache (Maven Central, the broker's
 * version) and returns its class path.
 */
export const kafkaStreamsClasspath = (): string => {
  const cache = process.env.KSB_STACK_CACHE ?? join(homedir(), '.cache', 'kinderschutz-bridge');
  const build = join(cache, `bench-kafka-streams-${KAFKA_VERSION}`);
  if (!existsSync(join(build, '.complete'))) {
    rmSync(build, { recursive: true, force: true });
    execFileSync(
      'mvn',
      [
        '-B',
        '-q',
        '-Dstyle.color=never',
        '-f',
        join(__dirname, '..', 'kafka-streams', 'pom.xml'),
        'compile',
        'dependency:copy-dependencies',
        '-DincludeScope=runtime',
        `-Dkafka.version=${KAFKA_VERSION}`,
        `-Dbuild.dir=${build}`,
        `-DoutputDirectory=${join(build, 'lib')}`,
      ],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    writeFileSync(join(build, '.complete'), new Date().toISOString());
  }
  return `${join(build, 'classes')}:${join(build, 'lib', '*')}`;
};

/** Java properties text; values escaped so a PEM's line breaks survive Properties.load. */
const properties = (entries: Record<string, string>): string =>
  Object.entries(entries)
    .map(([k, v]) => `${k}=${v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`)
    .join('\n');

/** The two-hop exactly-once Kafka Streams passthrough, as the benchmark broker's admin identity. */
export const startKafkaStreams = async (
  broker: TestBroker,
  topics: { input: string; middle: string; output: string },
  commitIntervalMs?: number,
): Promise<Stage> => {
  const dir = mkdtempSync(join(tmpdir(), 'ksb-bench-streams-'));
  const security = broker.env.security;
  const config: Record<string, string> = {
    'bootstrap.servers': broker.env.KSB_KAFKA_BROKERS.join(','),
    'application.id': `ksb-bench-streams-${broker.suffix}-${commitIntervalMs ?? 'default'}`,
    'state.dir': join(dir, 'state'),
    ...(commitIntervalMs !== undefined ? { 'commit.interval.ms': String(commitIntervalMs) } : {}),
    ...(security?.tls ? { 'security.protocol': security.sasl ? 'SASL_SSL' : 'SSL' } : {}),
    ...(security?.ca ? { 'ssl.truststore.type': 'PEM', 'ssl.truststore.certificates': security.ca } : {}),
    ...(security?.sasl
      ? {
          'sasl.mechanism': 'SCRAM-SHA-512',
          'sasl.jaas.config': `org.apache.kafka.common.security.scram.ScramLoginModule required username="${security.sasl.username}" password="${security.sasl.password}";`,
        }
      : {}),
  };
  mkdirSync(join(dir, 'state'));
  writeFileSync(join(dir, 'streams.properties'), properties(config), { mode: 0o600 });
  const child = spawn(
    'java',
    [
      '-Xmx512m',
      '-cp',
      kafkaStreamsClasspath(),
      'de.kinderschutz.bridge.bench.TwoHopPassthrough',
      join(dir, 'streams.properties'),
      topics.input,
      topics.middle,
      topics.output,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return startStage(`Kafka Streams (commit ${commitIntervalMs ?? 'default'} ms)`, child, 120_000, () =>
    rmSync(dir, { recursive: true, force: true }),
  );
};
