// Benchmark (not a test): what a record's headers cost in librdkafka's produce, the call a stage on librdkafka
// makes for every record it writes (a redactor writes four per event: two deliveries with 18 headers, two
// redaction reports with 6). Rows: no headers (the baseline of the run), 6 and 18 headers as the wire turns
// them into librdkafka's list today (`rdkafkaHeaders`), the same 18 through the builder the wire used before
// (entries, flatMap, a map per value), and 18 already built, which leaves only the addon's own copying.
// Run: npm run bench:headers   (KSB_BENCH_RECORDS per row and round, KSB_BENCH_ROUNDS)
import { appendFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { loadRdkafka, rdkafkaConnection, rdkafkaHeaders, type RawHeaders } from '@ksb/wire';
import { benchBroker } from './run/bench-stack';

const RECORDS = Number(process.env.KSB_BENCH_RECORDS ?? 20_000);
const ROUNDS = Number(process.env.KSB_BENCH_ROUNDS ?? 3);
const REPORT = join(__dirname, '..', '..', 'docs', 'benchmarks', 'record-headers.md');
const TOPIC = 'ksb.ops.dead-letter';

/** Headers of a delivery's size: names and values as long as the bridge's (ids, office ids, rule names). */
const headersOf = (count: number): RawHeaders =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`ksb-header-${i}`, `${i}-3f2c9a7e-5b1d-4c6e-9f0a`]));

/** The wire's builder up to this benchmark's commit, kept here as the run's second baseline. */
const earlierBuilder = (headers: RawHeaders) =>
  Object.entries(headers).flatMap(([k, v]) =>
    v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((one) => ({ [k]: one as Buffer | string })),
  );

const main = async () => {
  const broker = benchBroker();
  const rdkafka = loadRdkafka();
  await broker.createTopics(TOPIC);
  const producer = new rdkafka.Producer({ ...rdkafkaConnection(broker.wire.options), 'linger.ms': 5 }, {});
  // A producer that never connected has nothing to disconnect: only the broker's admin is closed then.
  await new Promise<void>((resolve, reject) =>
    producer.connect({}, (error) => (error ? reject(new Error(error.message)) : resolve())),
  ).catch(async (error: unknown) => {
    await broker.close();
    throw error;
  });
  try {
    const topic = broker.topic(TOPIC);
    const value = Buffer.alloc(1500, 7);
    const six = headersOf(6);
    const eighteen = headersOf(18);
    const prebuilt = rdkafkaHeaders(eighteen);
    const rows: [string, () => ReturnType<typeof rdkafkaHeaders> | undefined][] = [
      ['no headers', () => undefined],
      ['6 headers, rdkafkaHeaders', () => rdkafkaHeaders(six)],
      ['18 headers, rdkafkaHeaders', () => rdkafkaHeaders(eighteen)],
      ['18 headers, the earlier builder', () => earlierBuilder(eighteen)],
      ['18 headers, list built once (the addon alone)', () => prebuilt],
    ];
    const perRecord = new Map<string, number[]>(rows.map(([name]) => [name, []]));
    for (let round = 0; round < ROUNDS; round++)
      // Each round in another order: no row always meets a queue another has just filled.
      for (const [name, headers] of round % 2 === 0 ? rows : [...rows].reverse()) {
        const started = process.hrtime.bigint();
        for (let i = 0; i < RECORDS; i++) {
          producer.produce(topic, null, value, 'case-1', null, null, headers());
          if (i % 1000 === 0) producer.poll();
        }
        perRecord.get(name)?.push(Number(process.hrtime.bigint() - started) / 1000 / RECORDS);
        await new Promise<void>((resolve) => producer.flush(30_000, () => resolve()));
      }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const base = median(perRecord.get(rows[0][0]) ?? []);
    const lines = [
      '',
      `## Run ${new Date().toISOString()} — ${RECORDS} records of 1.5 kB per row and round, ${ROUNDS} rounds, ${cpus().length} cores, single node`,
      '',
      '| records produced with | µs per record (median of rounds) | rounds, µs | × no headers |',
      '| --- | --- | --- | --- |',
      ...rows.map(([name]) => {
        const runs = perRecord.get(name) ?? [];
        return `| ${name} | ${median(runs).toFixed(1)} | ${runs.map((r) => r.toFixed(1)).join(', ')} | ${(median(runs) / base).toFixed(2)} |`;
      }),
      '',
      `Command: \`KSB_BENCH_RECORDS=${RECORDS} KSB_BENCH_ROUNDS=${ROUNDS} npm run bench:headers\`.`,
    ];
    appendFileSync(REPORT, `${lines.join('\n')}\n`);
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await new Promise<void>((resolve) => producer.disconnect(() => resolve()));
    await broker.close();
  }
};

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
