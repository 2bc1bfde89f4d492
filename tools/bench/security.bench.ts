// Benchmark (not a test): the same pipeline with TLS, SCRAM and signatures against a plaintext node without
// identities, in the same run, alternating to spread the machine's noise; plus what the signatures cost per
// event. Run: npm run bench:security   (KSB_BENCH_RATE events/s offered, KSB_BENCH_SECONDS, KSB_BENCH_ROUNDS)
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadDirectory } from '@ksb/directory';
import { loadPolicy } from '@ksb/redaction';
import { deliveryTopicSpecs } from '@ksb/redaction-feature';
import { checkEventSignature, registerEntry, signDelivery, signEvent } from '@ksb/signatures';
import { TestBroker } from '@ksb/testing-broker';
import { example, pipeline, POLICE, RATE, SECONDS, type Result } from './pipeline-run';

const ROUNDS = Number(process.env.KSB_BENCH_ROUNDS ?? 4);
const PLAIN = { brokers: ['127.0.0.1:9192'], registryUrl: 'http://127.0.0.1:8181/apis/ccompat/v7', plaintext: true };

const run = async (broker: TestBroker): Promise<Result> => {
  await broker.createCatalogueTopics();
  await broker.createTopicSpecs(deliveryTopicSpecs(loadDirectory(), loadPolicy()));
  const schema = await broker.wire.registerSchema('ksb.ingest.police-notification', POLICE);
  try {
    return await pipeline(broker, schema);
  } finally {
    await broker.close();
  }
};

/** Per event: the agency signs, the router verifies, the redactor signs two deliveries (Hilden, Erkrath). */
const signatureMicroseconds = (bytes: Buffer): number => {
  const agency = generateKeyPairSync('ed25519');
  const bridge = generateKeyPairSync('ed25519');
  const keys = [
    registerEntry(agency.publicKey, { keyId: 'a', owner: 'kpb-mettmann', purpose: 'agency', validFrom: '2026-01-01' }),
  ];
  const topic = 'ksb.ingest.police-notification';
  const now = new Date();
  const once = () => {
    const headers = signEvent(topic, bytes, { keyId: 'a', privateKey: agency.privateKey });
    if (!checkEventSignature({ topic, value: bytes, headers, sender: 'kpb-mettmann' }, keys, now).ok)
      throw new Error('signature did not verify');
    signDelivery('ja-stadt-hilden', bytes, { keyId: 'd', privateKey: bridge.privateKey });
    signDelivery('ja-stadt-erkrath', bytes, { keyId: 'd', privateKey: bridge.privateKey });
  };
  for (let i = 0; i < 200; i++) once();
  const n = 3000;
  const started = performance.now();
  for (let i = 0; i < n; i++) once();
  return ((performance.now() - started) * 1000) / n;
};

const main = async () => {
  const secured: Result[] = [];
  const plain: Result[] = [];
  // Unmeasured first runs warm both JVMs and the services' code paths; then the order alternates per round,
  // so neither side always runs first on the shared machine.
  await run(new TestBroker(PLAIN));
  await run(new TestBroker());
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      plain.push(await run(new TestBroker(PLAIN)));
      secured.push(await run(new TestBroker()));
    } else {
      secured.push(await run(new TestBroker()));
      plain.push(await run(new TestBroker(PLAIN)));
    }
  }
  const eventBytes = Buffer.from(JSON.stringify(example)); // about the size of the Avro event, a little more
  const perEvent = signatureMicroseconds(eventBytes);
  const mean = (rs: Result[], f: (r: Result) => number) => rs.reduce((n, r) => n + f(r), 0) / rs.length;
  const ratio = (f: (r: Result) => number) => (mean(secured, f) / mean(plain, f)).toFixed(2);
  const row = (name: string, rs: Result[]) =>
    `| ${name} | ${rs.map((r) => r.delivered).join(', ')} | ${mean(rs, (r) => r.perSecond).toFixed(0)} | ${mean(rs, (r) => r.p50).toFixed(0)} | ${mean(rs, (r) => r.p95).toFixed(0)} | ${mean(rs, (r) => r.p99).toFixed(0)} |`;
  const share = ((perEvent * RATE) / (1e6 * cpus().length)) * 100;
  const report = [
    `## Run ${new Date().toISOString()} — ${RATE} events/s offered for ${SECONDS} s, ${ROUNDS} rounds each, ${cpus().length} cores`,
    '',
    '| pipeline (ingest → router → redactor → delivery) | delivered per round | events/s | p50 ms | p95 ms | p99 ms |',
    '| --- | --- | --- | --- | --- | --- |',
    row('plaintext node, no identities, no ACLs (baseline)', plain),
    row('TLS + SCRAM-SHA-512 + ACLs, events and deliveries signed', secured),
    '',
    `Secured / baseline (means over the rounds): throughput **${ratio((r) => r.perSecond)}**, p50 latency **${ratio((r) => r.p50)}**, p95 **${ratio((r) => r.p95)}**, p99 **${ratio((r) => r.p99)}**; ` +
      `p50 ratio per round: ${secured.map((r, i) => (r.p50 / plain[i].p50).toFixed(2)).join(', ')}.`,
    `Both sides sign and verify (the router routes nothing unsigned); the signatures alone, measured in the same run: ` +
      `${perEvent.toFixed(0)} µs per event (one agency signature, one verification, two delivery signatures), ` +
      `${share.toFixed(1)} % of the machine at ${RATE} events/s.`,
    `Command: \`KSB_BENCH_RATE=${RATE} KSB_BENCH_SECONDS=${SECONDS} KSB_BENCH_ROUNDS=${ROUNDS} npm run bench:security\`.`,
    '',
  ].join('\n');
  const file = join(__dirname, '..', '..', 'docs', 'benchmarks', 'security.md');
  if (!existsSync(file))
    writeFileSync(
      file,
      '# Security cost: TLS, SCRAM, ACLs and signatures\n\nWritten by `npm run bench:security` (tools/bench/security.bench.ts); each run appends a section. The baseline is a plaintext Kafka node without identities that the script starts beside the local stack (`node deploy/local/stack.mjs start --plain`) and stops again.\n\n',
    );
  appendFileSync(file, `${report}\n`);
  process.stdout.write(`${report}\n`);
  process.exit(0);
};

void main();
