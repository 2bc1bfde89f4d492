import { partitionStatus, worstStatus, type LagStatus, type PartitionPoll } from './lag-status';

const WINDOW = 60_000;

/** Polls every 10 s: [committed, high, consuming?] per poll. */
const polls = (rows: [number, number, boolean?][]): PartitionPoll[] =>
  rows.map(([committed, high, consuming = true], i) => ({ at: i * 10_000, committed, high, consuming }));

describe('partition status over the window (Burrow rules)', () => {
  it.each<[string, [number, number, boolean?][], LagStatus]>([
    [
      'an idle partition with nothing waiting',
      [
        [5, 5],
        [5, 5],
        [5, 5],
        [5, 5],
        [5, 5],
        [5, 5],
        [5, 5],
      ],
      'OK',
    ],
    [
      'an idle partition of a group with no members',
      [
        [5, 5, false],
        [5, 5, false],
        [5, 5, false],
        [5, 5, false],
        [5, 5, false],
        [5, 5, false],
        [5, 5, false],
      ],
      'OK',
    ],
    [
      'a consumer keeping up',
      [
        [0, 2],
        [2, 4],
        [4, 6],
        [6, 8],
        [8, 10],
        [10, 12],
        [12, 13],
      ],
      'OK',
    ],
    [
      'a consumer catching up',
      [
        [0, 50],
        [10, 52],
        [20, 54],
        [30, 56],
        [40, 58],
        [50, 60],
        [58, 60],
      ],
      'OK',
    ],
    [
      'a slow consumer: committing, lag growing all window',
      [
        [0, 10],
        [2, 14],
        [4, 18],
        [6, 22],
        [8, 26],
        [10, 30],
        [12, 34],
      ],
      'WARN',
    ],
    [
      'a stopped consumer: no members, offset still, messages waiting',
      [
        [10, 12, false],
        [10, 15, false],
        [10, 18, false],
        [10, 21, false],
        [10, 24, false],
        [10, 27, false],
        [10, 30, false],
      ],
      'STOP',
    ],
    [
      'a stuck consumer: members present, offset still, messages waiting',
      [
        [10, 12],
        [10, 12],
        [10, 12],
        [10, 12],
        [10, 12],
        [10, 12],
        [10, 12],
      ],
      'STALL',
    ],
    [
      'an offset reset backwards',
      [
        [10, 20],
        [12, 20],
        [3, 20],
        [5, 20],
      ],
      'REWIND',
    ],
  ])('%s', (_, rows, status) => {
    expect(partitionStatus(polls(rows), WINDOW).status).toBe(status);
  });

  it('raises STOP at the first poll without members while input waits, STALL only over the window', () => {
    expect(partitionStatus(polls([[10, 12, false]]), WINDOW)).toMatchObject({ status: 'STOP' });
    const short = polls([
      [10, 12],
      [10, 15],
      [10, 18],
    ]);
    expect(partitionStatus(short, WINDOW)).toMatchObject({ status: 'WARN' });
    expect(
      partitionStatus(
        polls([
          [10, 12],
          [10, 12],
        ]),
        WINDOW,
      ),
    ).toMatchObject({ status: 'OK' });
    expect(partitionStatus([], WINDOW)).toMatchObject({ status: 'OK' });
  });

  it('explains itself in offsets and seconds', () => {
    const stop = polls([
      [10, 12, false],
      [10, 13, false],
      [10, 14, false],
      [10, 15, false],
      [10, 16, false],
      [10, 17, false],
      [10, 18, false],
    ]);
    expect(partitionStatus(stop, WINDOW).reason).toBe('no consumer in the group, 8 waiting');
    const stall = polls([
      [10, 12],
      [10, 13],
      [10, 14],
      [10, 15],
      [10, 16],
      [10, 17],
      [10, 18],
    ]);
    expect(partitionStatus(stall, WINDOW).reason).toBe('offset 10 unchanged for 60 s with 8 waiting, members present');
  });

  it('takes the worst partition for the group', () => {
    expect(worstStatus(['OK', 'WARN', 'OK'])).toBe('WARN');
    expect(worstStatus(['REWIND', 'STOP', 'STALL'])).toBe('STOP');
    expect(worstStatus([])).toBe('OK');
  });
});
