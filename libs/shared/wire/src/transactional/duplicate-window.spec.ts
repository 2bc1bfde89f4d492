import { DuplicateWindow } from './duplicate-window';

describe('DuplicateWindow', () => {
  it('knows an event id per partition once remembered', () => {
    const window = new DuplicateWindow();
    expect(window.knows('ingest', 0)).toBe(false);
    window.remember('ingest', 0, ['a', 'b']);
    expect(window.knows('ingest', 0)).toBe(true);
    expect(window.has('ingest', 0, 'a')).toBe(true);
    expect(window.has('ingest', 1, 'a')).toBe(false);
    expect(window.has('other', 0, 'a')).toBe(false);
    expect(window.has('ingest', 0, 'c')).toBe(false);
  });

  it('forgets one partition after a transaction of unknown outcome, so it is read again', () => {
    const window = new DuplicateWindow();
    window.remember('ingest', 0, ['a']);
    window.remember('ingest', 1, ['b']);
    window.forget('ingest', 0);
    expect([window.knows('ingest', 0), window.has('ingest', 0, 'a')]).toEqual([false, false]);
    expect([window.knows('ingest', 1), window.has('ingest', 1, 'b')]).toEqual([true, true]);
  });

  it('forgets the oldest ids beyond its size, and counts a repeated id once', () => {
    const window = new DuplicateWindow(3);
    window.remember('ingest', 0, ['a', 'b', 'b', 'c']);
    window.remember('ingest', 0, ['d']);
    expect(['a', 'b', 'c', 'd'].map((id) => window.has('ingest', 0, id))).toEqual([false, true, true, true]);
  });
});
