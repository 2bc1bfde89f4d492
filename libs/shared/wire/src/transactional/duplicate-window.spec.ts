import { HEADER, REQUEUE_HEADER } from '@ksb/contracts';
import { duplicateKey, DuplicateWindow } from './duplicate-window';

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

describe('duplicateKey', () => {
  const sent = { [HEADER.eventId]: Buffer.from('e-1') };
  const requeued = (letter: string) => ({ ...sent, [REQUEUE_HEADER.from]: Buffer.from(letter) });

  it('is the event id for what a sender wrote, so its retry is caught', () => {
    expect(duplicateKey(sent)).toBe(duplicateKey({ ...sent }));
    expect(duplicateKey(sent)).toBe('e-1');
  });

  it('tells a requeued copy from the original and each letter from another, but not a letter from itself', () => {
    const keys = [duplicateKey(sent), duplicateKey(requeued('dlq/0/1')), duplicateKey(requeued('dlq/0/2'))];
    expect(new Set(keys).size).toBe(3);
    expect(duplicateKey(requeued('dlq/0/1'))).toBe(keys[1]);
  });

  it('has no key without an event id', () => {
    expect(duplicateKey({ [REQUEUE_HEADER.from]: Buffer.from('dlq/0/1') })).toBeUndefined();
  });
});
