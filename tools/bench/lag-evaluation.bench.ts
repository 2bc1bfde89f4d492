// Benchmark (not a test): one lag evaluation cycle (time lag, status over the window, trend, alerts) over
// 1,000 partitions and 50 groups, against a bare offset-lag pass over the same observation in the same run.
// Run: npm run bench:lag   (KSB_BENCH_PARTITIONS, KSB_BENCH_GROUPS, KSB_BENCH_CYCLES)
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { AlertEngine, CanaryStats, LagEvaluator, type ClusterObservation, type GroupObservation } from '@ksb/lag';

const PARTITIONS = Number(process.env.KSB_BENCH_PARTITIONS ?? 1000);
const GROUPS = Number(process.env.KSB_BENCH_GROUPS ?? 50);
const CYCLES = Number(process.env.KSB_BENCH_CYCLES ?? 200);
const PER_TOPIC = 10;
const TOPICS = Math.ceil(PARTITIONS / PER_TOPIC);
const READS = 10; // topics per group
const POLL_MS = 5000;
const OUT = join(__dirname, '..', '..', 'docs', 'benchmarks', 'lag-evaluation.md');

/** Poll n: every partition grows; groups keep up, fall behind, stop or stall in a fixed mix. */
const observation = (n: number): ClusterObservation => {
  const at = n * POLL_MS;
  const partitions = Array.from({ length: TOPICS * PER_TOPIC }, (_, i) => ({
    topic: `ksb.topic-${Math.floor(i / PER_TOPIC)}`,
    partition: i % PER_TOPIC,
    low: 0,
    high: n * (1 + (i % 7)),
  })).slice(0, PARTITIONS);
  const groups: GroupObservation[] = Array.from({ length: GROUPS }, (_, g) => {
    const behaviour = g % 4; // 0 keeps up, 1 slow, 2 stopped, 3 stalled
    const offsets = [];
    for (let t = 0; t < READS; t++) {
      const topic = (g * 3 + t) % TOPICS;
      for (let p = 0; p < PER_TOPIC && topic * PER_TOPIC + p < PARTITIONS; p++) {
        const high = partitions[topic * PER_TOPIC + p].high;
        const committed = behaviour === 0 ? high : behaviour === 1 ? Math.floor(high * 0.8) : Math.min(high, 20);
        offsets.push({ topic: `ksb.topic-${topic}`, partition: p, committed });
      }
    }
    return {
      groupId: `group-${g}`,
      state: behaviour === 2 ? 'Empty' : 'Stable',
      members: behaviour === 2 ? 0 : 2,
      offsets,
    };
  });
  return { at, partitions, groups };
};

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const time = (work: () => void) => {
  const started = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - started) / 1e6;
};

const main = () => {
  const evaluator = new LagEvaluator({ windowMs: 60_000 });
  const engine = new AlertEngine([
    { name: 'time-lag', kind: 'time-lag', group: '*', thresholdSeconds: 60, forSeconds: 0 },
    { name: 'not-ok', kind: 'status', group: '*', forSeconds: 120 },
  ]);
  const canary = new CanaryStats();
  const observations = Array.from({ length: CYCLES + 20 }, (_, n) => observation(n + 1));
  // Warm-up: fill the 60 s window (12 polls) and let the JIT settle.
  for (const o of observations.slice(0, 20)) engine.evaluate(evaluator.observe(o), canary.report(o.at));
  const pairs = observations[0].groups.reduce((n, g) => n + g.offsets.length, 0);

  const full: number[] = [];
  const bare: number[] = [];
  let sink = 0;
  for (const o of observations.slice(20)) {
    // Baseline: offset lag only, what a minimal exporter computes.
    bare.push(
      time(() => {
        const ends = new Map(o.partitions.map((p) => [`${p.topic}:${p.partition}`, p.high]));
        for (const g of o.groups)
          for (const c of g.offsets) sink += (ends.get(`${c.topic}:${c.partition}`) ?? 0) - (c.committed ?? 0);
      }),
    );
    full.push(time(() => void engine.evaluate(evaluator.observe(o), canary.report(o.at))));
  }
  full.sort((a, b) => a - b);
  bare.sort((a, b) => a - b);
  const line = (name: string, xs: number[]) =>
    `| ${name} | ${percentile(xs, 0.5).toFixed(2)} | ${percentile(xs, 0.95).toFixed(2)} | ${xs[xs.length - 1].toFixed(2)} |`;
  const ratio = percentile(full, 0.5) / percentile(bare, 0.5);
  if (!existsSync(OUT))
    writeFileSync(
      OUT,
      '# Benchmark: one lag evaluation cycle\n\n`npm run bench:lag` (tools/bench/lag-evaluation.bench.ts) replays synthetic polls of a cluster\n' +
        'through the pure evaluation library (@ksb/lag): every partition growing, a fixed mix of groups keeping up,\n' +
        'falling behind, stopped and stalled, a 60 s window at 5 s polls, two alert rules. The baseline is a bare\n' +
        'offset-lag pass (log end minus committed offset) over the same observation, in the same run.\n',
    );
  appendFileSync(
    OUT,
    [
      '',
      `## Run ${new Date().toISOString()} — ${PARTITIONS} partitions, ${GROUPS} groups (${pairs} group-partitions), ${CYCLES} cycles, ${cpus().length} cores`,
      '',
      '| pass | p50 ms | p95 ms | max ms |',
      '| --- | --- | --- | --- |',
      line('full cycle: time lag, window status, trend, group roll-up, alerts', full),
      line('baseline: offset lag only', bare),
      '',
      `Full cycle / baseline (p50): **${ratio.toFixed(1)}×**; one full cycle takes **${percentile(full, 0.5).toFixed(1)} ms** (p50) of a ${POLL_MS / 1000} s poll interval. Command: \`npm run bench:lag\`.`,
      '',
    ].join('\n'),
  );
  process.stdout.write(
    `full p50 ${percentile(full, 0.5).toFixed(2)} ms, baseline p50 ${percentile(bare, 0.5).toFixed(2)} ms (${sink > 0 ? 'ok' : ''})\n`,
  );
};

main();
