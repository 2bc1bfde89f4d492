import type { DeadLetterFacts } from './dead-letter-facts';

/** Dead letters of one reason from one stage: how many, and how long the oldest has waited for triage. */
export interface DeadLetterGroup {
  readonly reason: string;
  readonly stage: string;
  readonly count: number;
  readonly oldestAt: number;
  readonly newestAt: number;
}

/** By reason and stage, most first: the first line is where a fix helps most. */
export const summarizeDeadLetters = (
  letters: readonly Pick<DeadLetterFacts, 'reason' | 'stage' | 'at'>[],
): DeadLetterGroup[] => {
  const groups = new Map<string, DeadLetterGroup>();
  for (const letter of letters) {
    const key = `${letter.reason}\u0000${letter.stage}`;
    const group = groups.get(key);
    groups.set(
      key,
      group
        ? {
            ...group,
            count: group.count + 1,
            oldestAt: Math.min(group.oldestAt, letter.at),
            newestAt: Math.max(group.newestAt, letter.at),
          }
        : { reason: letter.reason, stage: letter.stage, count: 1, oldestAt: letter.at, newestAt: letter.at },
    );
  }
  return [...groups.values()].sort(
    (a, b) => b.count - a.count || a.reason.localeCompare(b.reason) || a.stage.localeCompare(b.stage),
  );
};

/** Which letters a filter keeps: every given criterion must match. */
export const selectDeadLetters = (
  letters: readonly DeadLetterFacts[],
  filter: { readonly reason?: string; readonly stage?: string; readonly olderThanMs?: number; readonly now: number },
): DeadLetterFacts[] =>
  letters.filter(
    (l) =>
      (filter.reason === undefined || l.reason === filter.reason) &&
      (filter.stage === undefined || l.stage === filter.stage) &&
      (filter.olderThanMs === undefined || filter.now - l.at >= filter.olderThanMs),
  );

/** An age as an operator reads it: the two largest units. */
export const ageText = (ms: number): string => {
  const s = Math.max(0, Math.floor(ms / 1000));
  const units: [string, number][] = [
    ['d', Math.floor(s / 86_400)],
    ['h', Math.floor(s / 3600) % 24],
    ['min', Math.floor(s / 60) % 60],
    ['s', s % 60],
  ];
  const first = units.findIndex(([, n]) => n > 0);
  if (first < 0) return '0 s';
  return units
    .slice(first, first + 2)
    .filter(([, n]) => n > 0)
    .map(([unit, n]) => `${n} ${unit}`)
    .join(' ');
};

/** `2h`, `30min`, `3d`, `45s`: an age given on the command line. */
export const parseAge = (text: string): number | undefined => {
  const match = /^(\d+)\s*(d|h|min|s)$/.exec(text.trim());
  if (!match) return undefined;
  const factor = { d: 86_400_000, h: 3_600_000, min: 60_000, s: 1000 }[match[2] as 'd' | 'h' | 'min' | 's'];
  return Number(match[1]) * factor;
};
