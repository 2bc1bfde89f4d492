import { OffsetTimeTable } from './offset-time-table';

describe('time lag by interpolation over (offset, time) samples', () => {
  // Given: the log end at offset 0 at t=0 s, 100 at t=10 s, 300 at t=20 s, still 300 at t=30 s.
  const table = new OffsetTimeTable();
  table.record(0, 0);
  table.record(100, 10_000);
  table.record(300, 20_000);
  table.record(300, 30_000);

  it.each([
    ['caught up', 300, 0],
    ['waiting for offset 200, appended half way between 10 s and 20 s', 200, 30 - 15.05],
    ['waiting for offset 99, appended just before 10 s', 99, 30 - 10],
    ['waiting for offset 0, appended just after 0 s', 0, 30 - 0.1],
  ])('%s', (_, committed, seconds) => {
    expect(table.lagSeconds(committed, 30_000)).toBeCloseTo(seconds, 5);
  });

  it('grows with the clock while the consumer stands still', () => {
    expect((table.lagSeconds(200, 40_000) ?? NaN) - (table.lagSeconds(200, 30_000) ?? NaN)).toBeCloseTo(10, 5);
  });

  it('gives the oldest sample’s age as a lower bound, and nothing from one sample', () => {
    const short = new OffsetTimeTable(2);
    short.record(50, 0);
    expect(short.lagSeconds(10, 5_000)).toBeNull();
    short.record(60, 10_000);
    short.record(70, 20_000);
    expect(short.lagSeconds(10, 30_000)).toBe(20);
  });
});
