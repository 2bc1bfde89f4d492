// Benchmark (not a test): the gateway's own ceiling, HTTP ingest events per second (issue 16 asks for it apart
// from the pipeline's). Closed loop: N requests in flight over HTTPS keep-alive, each a police notification
// with the office's API key, for a warm-up (not counted) and a measured phase, at each concurrency. Beside it
// in the same run, the HTTPS floor (peers/https-floor.ts): same certificate, request and 202, no gateway work.
// Every event the gateway accepted is checked on its ingest topic. Run: npm run bench:gateway
// (KSB_BENCH_SECONDS, default 20; KSB_BENCH_WARMUP_SECONDS, default 5; KSB_BENCH_CONCURRENCY, default "8,32").
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventType } from '@ksb/contracts';
import { freePort, startGateway } from '@ksb/testing-broker';
import { failWhenAnyEnds, serviceStage, startHttpsFloor, type Stage } from './peers/peers';
import { example, percentile } from './pipeline-run';
import { benchBroker } from './run/bench-stack';
import { cpuSince, cpuSnapshot } from './run/process-cpu';

const SECONDS = Number(process.env.KSB_BENCH_SECONDS ?? 20);
const WARMUP_SECONDS = Number(process.env.KSB_BENCH_WARMUP_SECONDS ?? 5);
const CONCURRENCY = (process.env.KSB_BENCH_CONCURRENCY ?? '8,32').split(',').map(Number);
const SENDER = 'kpb-mettmann';
const POLICE = eventType('police-notification');
const PATH = '/v1/events/police-notification';
const REPORT = join(__dirname, '..', '..', 'docs', 'benchmarks', 'gateway.md');

/** A self-signed certificate for 127.0.0.1, made for this run and thrown away after it. */
const makeCertificate = (dir: string) => {
  const certFile = join(dir, 'gateway.pem');
  const keyFile = join(dir, 'gateway.key');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  return { certFile, keyFile };
};

interface Target {
  readonly name: string;
  readonly port: number;
  readonly apiKey: string;
  readonly process: Stage;
}

interface Phase {
  accepted: number;
  /** Accepted, but answered after the phase ended: not counted, but on the topic all the same. */
  late: number;
  readonly refused: Map<string, number>;
  readonly latencies: number[];
}

interface Row {
  readonly target: string;
  readonly concurrency: number;
  readonly seconds: number;
  readonly measured: Phase;
  /** Accepted in the warm-up, and after either phase ended. */
  readonly uncounted: number;
  readonly serverCpuMs: number;
  readonly benchCpuMs: number;
}

/** The reason code of a refusal (the gateway answers problem+json); an answer that is not JSON has none. */
const problemCode = (chunks: readonly Buffer[]): string => {
  try {
    return (JSON.parse(Buffer.concat(chunks).toString() || '{}') as { code?: string }).code ?? '';
  } catch {
    return '';
  }
};

const post = (agent: Agent, target: Target, body: string) =>
  new Promise<{ status: number; reason?: string }>((resolve) => {
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port: target.port,
        path: PATH,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': target.apiKey },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if (res.statusCode === 202) return resolve({ status: 202 });
          resolve({ status: res.statusCode ?? 0, reason: `${res.statusCode} ${problemCode(chunks)}`.trim() });
        });
      },
    );
    req.on('error', (error) => resolve({ status: 0, reason: error.message }));
    req.end(body);
  });

/** `concurrency` requests in flight until `until`; what answered before it counts in `phase`. */
const closedLoop = async (agent: Agent, target: Target, body: string, concurrency: number, until: number) => {
  const phase: Phase = { accepted: 0, late: 0, refused: new Map(), latencies: [] };
  const worker = async () => {
    while (Date.now() < until) {
      const sent = Date.now();
      const answer = await post(agent, target, body);
      const answered = Date.now();
      if (answered > until) return void (answer.status === 202 && phase.late++);
      if (answer.status === 202) {
        phase.accepted++;
        phase.latencies.push(answered - sent);
      } else phase.refused.set(answer.reason ?? '?', (phase.refused.get(answer.reason ?? '?') ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return phase;
};

const measure = async (
  target: Target,
  ca: Buffer,
  body: string,
  concurrency: number,
  guarded: ReturnType<typeof failWhenAnyEnds>,
): Promise<Row> => {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency, ca });
  try {
    const warmup = await guarded(closedLoop(agent, target, body, concurrency, Date.now() + WARMUP_SECONDS * 1000));
    const cpu = cpuSnapshot([target.process, { name: 'bench', pid: process.pid }]);
    const started = Date.now();
    const measured = await guarded(closedLoop(agent, target, body, concurrency, started + SECONDS * 1000));
    const seconds = (Date.now() - started) / 1000;
    const used = cpuSince(cpu);
    return {
      target: target.name,
      concurrency,
      seconds,
      measured,
      uncounted: warmup.accepted + warmup.late + measured.late,
      serverCpuMs: used.get(target.process.name) ?? Number.NaN,
      benchCpuMs: used.get('bench') ?? Number.NaN,
    };
  } finally {
    agent.destroy();
  }
};

const row = (r: Row) => {
  const sorted = [...r.measured.latencies].sort((a, b) => a - b);
  const perEvent = (ms: number) => (r.measured.accepted ? (ms / r.measured.accepted).toFixed(2) : '–');
  const refused = [...r.measured.refused].map(([why, n]) => `${n} × ${why}`).join(', ') || '0';
  return `| ${r.target} | ${r.concurrency} | ${(r.measured.accepted / r.seconds).toFixed(0)} | ${percentile(sorted, 50) ?? '–'} | ${percentile(sorted, 99) ?? '–'} | ${refused} | ${perEvent(r.serverCpuMs)} | ${perEvent(r.benchCpuMs)} |`;
};

const ingestRecords = async (broker: ReturnType<typeof benchBroker>, topic: string) =>
  broker.wire.withAdmin(async (admin) =>
    (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0),
  );

const main = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ksb-bench-gateway-'));
  const broker = benchBroker();
  const stages: Stage[] = [];
  try {
    const tls = makeCertificate(dir);
    const ca = readFileSync(tls.certFile);
    await broker.createCatalogueTopics();
    const ingestTopic = broker.topic(POLICE.ingestTopic);
    const gateway = await startGateway(broker, [SENDER], {
      KSB_GATEWAY_TLS_CERT_FILE: tls.certFile,
      KSB_GATEWAY_TLS_KEY_FILE: tls.keyFile,
      // The ceiling is the gateway's work, not its rate limit.
      KSB_GATEWAY_RATE_BURST: '1000000',
      KSB_GATEWAY_RATE_PER_SECOND: '1000000',
    });
    stages.push(serviceStage(gateway.service));
    const floorPort = await freePort();
    stages.push(await startHttpsFloor(tls, floorPort));
    const targets: Target[] = [
      {
        name: 'HTTPS floor: TLS, HTTP, JSON parse, 202 (no gateway work)',
        port: floorPort,
        apiKey: '-',
        process: stages[1],
      },
      {
        name: 'gateway: API key, validation, Avro, case seal, proxy signature, Kafka (acks=all)',
        port: Number(new URL(gateway.baseUrl).port),
        apiKey: gateway.keys[SENDER],
        process: stages[0],
      },
    ];
    const { envelope: _envelope, ...content } = example as Record<string, unknown>;
    const body = JSON.stringify(content);
    const before = await ingestRecords(broker, ingestTopic);
    const rows: Row[] = [];
    const guarded = failWhenAnyEnds(stages);
    for (const [i, concurrency] of CONCURRENCY.entries()) {
      // Every other concurrency in reverse order: neither target always meets a machine the other just warmed.
      for (const target of i % 2 === 0 ? targets : [...targets].reverse()) {
        rows.push(await measure(target, ca, body, concurrency, guarded));
        process.stderr.write(`${row(rows[rows.length - 1])}\n`);
      }
    }
    const acceptedByGateway = rows
      .filter((r) => r.target === targets[1].name)
      .reduce((sum, r) => sum + r.measured.accepted + r.uncounted, 0);
    const onTopic = (await ingestRecords(broker, ingestTopic)) - before;
    const best = (name: string) =>
      Math.max(...rows.filter((r) => r.target === name).map((r) => r.measured.accepted / r.seconds));
    const lines = [
      '',
      `## Run ${new Date().toISOString()} — ${SECONDS} s measured after ${WARMUP_SECONDS} s warm-up per row, ${cpus().length} cores, single node`,
      '',
      '| target | requests in flight | accepted, events/s | p50 ms | p99 ms | refused | server CPU ms/event | bench CPU ms/event |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...rows.map(row),
      '',
      `- Gateway ceiling: **${best(targets[1].name).toFixed(0)} events/s** accepted, **${(best(targets[1].name) / best(targets[0].name)).toFixed(2)} ×** the HTTPS floor's ${best(targets[0].name).toFixed(0)}/s in the same run.`,
      `- Accepted by the gateway (warm-up and answers after a phase's end included): ${acceptedByGateway}; records it added to ${POLICE.ingestTopic}: ${onTopic}${acceptedByGateway === onTopic ? ' (every 202 is on the topic)' : ' — **they differ**'}.`,
      '',
      `Command: \`KSB_BENCH_SECONDS=${SECONDS} KSB_BENCH_WARMUP_SECONDS=${WARMUP_SECONDS} KSB_BENCH_CONCURRENCY=${CONCURRENCY.join(',')} npm run bench:gateway\`.`,
    ];
    appendFileSync(REPORT, `${lines.join('\n')}\n`);
    process.stdout.write(`${lines.join('\n')}\n`);
    if (acceptedByGateway !== onTopic) process.exitCode = 1;
  } finally {
    await Promise.allSettled(stages.map((s) => s.stop()));
    await broker.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
