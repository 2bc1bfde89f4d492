// The Markdown section one `npm run bench` run appends: a table per offered rate, the search, the goals.
import type { RunResult } from './measure';
import { BRIDGE_NAME } from './names';

const ms = (v: number | undefined) => (v === undefined ? '–' : String(v));
const cpu = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '–' : v.toFixed(2));
const STACK = new Set(['registry', 'bench (load and receipt)']);
/** A stack's brokers are counted together: one on the single node, three in the cluster. */
const isBroker = (name: string) => name.startsWith('broker-');

/** The system's own processes (its stages), without the brokers, registry and load generator. */
const stages = (r: RunResult) => [...r.cpuMsPerEvent].filter(([name]) => !STACK.has(name) && !isBroker(name));

const brokerCpu = (r: RunResult): number | undefined => {
  const brokers = [...r.cpuMsPerEvent].filter(([name]) => isBroker(name));
  return brokers.length ? brokers.reduce((sum, [, v]) => sum + v, 0) : undefined;
};

/** CPU per event of the system's own processes. */
export const stageCpu = (r: RunResult): number => stages(r).reduce((sum, [, v]) => sum + v, 0);

/** Each stage's share when there are several, so a run shows which stage to work on. */
const perStage = (r: RunResult): string => {
  const shares = stages(r).map(([name, v]) => `${name} ${cpu(v)}`);
  return shares.length > 1 ? ` (${shares.join(', ')})` : '';
};

const label = (r: RunResult) => (r.round === undefined ? r.system : `${r.system} — round ${r.round}`);

const row = (r: RunResult) =>
  `| ${label(r)} | ${r.rate} | ${r.offered} | ${r.perSecond.toFixed(0)} | ${r.undelivered} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${r.backlogSlope.toFixed(1)} | ${r.flat ? 'yes' : 'no'} | ${cpu(stageCpu(r))}${perStage(r)} | ${cpu(brokerCpu(r))} | ${cpu(r.cpuMsPerEvent.get('bench (load and receipt)'))} | ${r.warmup.delivered}/${r.warmup.offered}, p99 ${ms(r.warmup.p99)} |`;

const HEADER = [
  '| system | offered, events/s | offered (measured) | delivered in run, events/s | undelivered after drain | p50 ms | p95 ms | p99 ms | backlog slope, events/s | lag flat | CPU ms/event, its processes | broker CPU ms/event | bench CPU ms/event | warm-up delivered, p99 ms |',
  '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
];

export const report = (run: {
  started: Date;
  cores: number;
  /** The stack measured on: the single node or the three-node cluster. */
  stack: string;
  /** How to run it again: the variables it was started with and `npm run bench`. */
  command: string;
  seconds: number;
  warmup: number;
  results: readonly RunResult[];
  searched: readonly RunResult[];
}): string => {
  const lines = [
    `## Run ${run.started.toISOString()} — ${run.seconds} s measured after ${run.warmup} s warm-up, ${run.cores} cores, ${run.stack}`,
    '',
  ];
  for (const rate of [...new Set(run.results.map((r) => r.rate))]) {
    lines.push(
      `### ${rate} events/s offered`,
      '',
      ...HEADER,
      ...run.results.filter((r) => r.rate === rate).map(row),
      '',
    );
  }
  if (run.searched.length)
    lines.push(
      '### Search: the highest rate the bridge keeps its lag flat at',
      '',
      ...HEADER,
      ...run.searched.map(row),
      '',
    );
  const bridgeRuns = [...run.results, ...run.searched].filter((r) => r.system === BRIDGE_NAME);
  const highestFlat = Math.max(0, ...bridgeRuns.filter((r) => r.flat).map((r) => r.rate));
  const at = (prefix: string, rate: number) => run.results.find((r) => r.system.startsWith(prefix) && r.rate === rate);
  const b = run.results.find((r) => r.system === BRIDGE_NAME && r.rate === 1000);
  const variants = [...run.results, ...run.searched].filter(
    (r) => r.system.startsWith(`${BRIDGE_NAME}, `) && (r.rate === 1000 || r.rate === 2000),
  );
  // A variant is held against the default bridge of its own round: the same minutes of a noisy machine.
  const defaultAt = (rate: number, round?: number) =>
    run.results.find((r) => r.system === BRIDGE_NAME && r.rate === rate && r.round === round);
  const raw = at('raw', 1000);
  const streams = run.results.filter((r) => r.system.startsWith('Kafka Streams') && r.rate === 1000);
  const bestStreams = Math.min(...streams.map((s) => s.p99 ?? Number.POSITIVE_INFINITY));
  lines.push(
    '### Against the goals (issue 16)',
    '',
    highestFlat > 0
      ? `- Highest offered rate with the bridge's lag flat: **${highestFlat} events/s** (goal ≥ 2,000).`
      : bridgeRuns.length
        ? `- The bridge's lag was flat at none of the rates tried (${[...new Set(bridgeRuns.map((r) => r.rate))].join(', ')} events/s; goal ≥ 2,000).`
        : `- The default bridge was not in this run.`,
    ...(b && raw
      ? [
          `- At 1,000 events/s, bridge p99 ${ms(b.p99)} ms: **${((b.p99 ?? Number.NaN) / (raw.p99 ?? Number.NaN)).toFixed(1)} ×** the raw passthrough's ${ms(raw.p99)} ms (goal ≤ 4 ×)` +
            (streams.length
              ? `, **${((b.p99 ?? Number.NaN) / bestStreams).toFixed(1)} ×** the better Kafka Streams p99 of ${bestStreams} ms (goal ≤ 1 ×).`
              : '; Kafka Streams not in this run.'),
          `- Bridge CPU per event at 1,000 events/s: **${cpu(stageCpu(b))} ms** in its stages (goal about 0.5 ms)` +
            (streams.length ? `; Kafka Streams ${streams.map((s) => cpu(stageCpu(s))).join(' / ')} ms` : '') +
            `; raw passthrough ${cpu(stageCpu(raw))} ms.`,
        ]
      : []),
    ...variants.flatMap((v) => {
      const base = defaultAt(v.rate, v.round);
      if (!base) return [];
      return [
        `- ${label(v).slice(BRIDGE_NAME.length + 2)}, against the default bridge in this ${v.round === undefined ? 'run' : 'round'} at ${v.rate} events/s: ` +
          `p99 **${((v.p99 ?? Number.NaN) / (base.p99 ?? Number.NaN)).toFixed(2)} ×**, CPU per event ` +
          `**${(stageCpu(v) / stageCpu(base)).toFixed(2)} ×**, delivered **${(v.perSecond / base.perSecond).toFixed(2)} ×**` +
          ` (lag flat: ${v.flat ? 'yes' : 'no'} against ${base.flat ? 'yes' : 'no'}).`,
      ];
    }),
    '',
    `Command: \`${run.command}\`.`,
    '',
  );
  return lines.join('\n');
};
