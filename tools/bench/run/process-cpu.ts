// CPU time of a process from its own counters (/proc/<pid>/stat: user + system), for CPU per event.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** User plus system CPU the process has used so far, in milliseconds; undefined once it is gone. */
export const cpuMs = (pid: number): number | undefined => {
  const file = `/proc/${pid}/stat`;
  if (!existsSync(file)) return undefined;
  // The command name may hold spaces and parentheses: the fields that count follow the last ')'.
  const stat = readFileSync(file, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are the 14th and 15th fields of the whole line, the 12th and 13th after the name.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
};

/** CPU used by each process between `start` and now, in milliseconds. */
export const cpuSince = (start: ReadonlyMap<string, { pid: number; ms: number }>): Map<string, number> =>
  new Map([...start].map(([name, { pid, ms }]) => [name, (cpuMs(pid) ?? ms) - ms]));

export const cpuSnapshot = (processes: readonly { name: string; pid: number }[]) =>
  new Map(processes.map((p) => [p.name, { pid: p.pid, ms: cpuMs(p.pid) ?? 0 }]));
