import { parseArgs } from 'node:util';
import type { DeliveryEscalation } from '@ksb/contracts';
import type { MonitorSnapshot } from '@ksb/operations-feature';
import type { CliConfig } from '../cli.config';

const seconds = (s: number | null) =>
  s === null ? '–' : s < 1 ? '<1s' : s < 120 ? `${Math.round(s)}s` : `${Math.round(s / 60)}m`;

/** Rows padded into columns: the terminal view of the dashboard. */
const table = (rows: string[][]): string[] => {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) =>
    r
      .map((cell, c) => (c >= 3 && c <= 4 ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd(),
  );
};

/** What the lag monitor's API answers: the snapshot and the deliveries past their deadline. */
export type LagApiAnswer = MonitorSnapshot & { readonly escalations?: readonly DeliveryEscalation[] };

export const lagTable = (snapshot: LagApiAnswer, options: { all?: boolean; partitions?: boolean } = {}): string[] => {
  const groups = snapshot.lag.groups.filter((g) => options.all || g.status !== 'OK' || g.lag > 0 || g.members > 0);
  const rows = [['GROUP', 'STATUS', 'MEMBERS', 'LAG', 'TIME LAG', 'REASON']];
  for (const g of groups) {
    const worst = [...g.partitions].sort((a, b) => b.lag - a.lag)[0];
    rows.push([g.groupId, g.status, String(g.members), String(g.lag), seconds(g.lagSeconds), worst?.reason ?? '']);
    if (options.partitions)
      for (const p of g.partitions)
        rows.push([`  ${p.topic}/${p.partition}`, p.status, '', String(p.lag), seconds(p.lagSeconds), p.reason]);
  }
  const lines = table(rows);
  for (const r of snapshot.canary.routes)
    lines.push(
      `canary ${r.route}: last ${r.lastLatencyMs ?? '–'} ms, p50 ${r.p50Ms ?? '–'} ms, p99 ${r.p99Ms ?? '–'} ms, ${r.arrived}/${r.sent} arrived`,
    );
  for (const a of snapshot.alerts) lines.push(`${a.firing ? 'ALERT' : 'pending'} ${a.rule}: ${a.summary}`);
  for (const e of snapshot.escalations ?? [])
    lines.push(
      `OVERDUE level ${e.level} ${e.eventType} (${e.urgency ?? '–'}) to ${e.recipientOfficeId}: ${e.reason} since ${e.deadline}${e.escalateTo ? ` — ${e.escalateTo}` : ''}`,
    );
  return lines;
};

/** `ksb lag [--all] [--partitions] [--url URL]`: the lag monitor's view in the terminal. */
export const lag = async (config: CliConfig, argv: string[], print: (line: string) => void): Promise<number> => {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string', default: config.KSB_LAG_MONITOR_URL },
      all: { type: 'boolean', default: false },
      partitions: { type: 'boolean', default: false },
    },
  });
  let response: Response;
  try {
    response = await fetch(`${values.url}/api/lag`, { signal: AbortSignal.timeout(5000) });
  } catch (error) {
    throw new Error(`the lag monitor at ${values.url} does not answer (${(error as Error).message}); is it running?`);
  }
  if (!response.ok) throw new Error(`the lag monitor answered ${response.status}: ${await response.text()}`);
  lagTable((await response.json()) as LagApiAnswer, values).forEach((line) => print(line));
  return 0;
};
