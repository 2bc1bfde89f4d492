import type { KafkaMessage } from 'kafkajs';
import { CommittedOffsets } from './committed-offsets';

const messages = (...offsets: number[]) => offsets.map((o) => ({ offset: String(o) }) as KafkaMessage);

describe('CommittedOffsets', () => {
  it('starts at the first record this process has not committed', () => {
    const committed = new CommittedOffsets();
    expect(committed.firstPending('t', 0, messages(5, 6, 7))).toBe(0);
    committed.committed('t', 0, '7');
    expect(committed.firstPending('t', 0, messages(5, 6, 7, 8))).toBe(2);
    expect(committed.firstPending('t', 0, messages(5, 6))).toBe(2);
    expect(committed.firstPending('t', 1, messages(5, 6))).toBe(0);
  });

  it('never moves backwards', () => {
    const committed = new CommittedOffsets();
    committed.committed('t', 0, '10');
    committed.committed('t', 0, '4');
    expect(committed.firstPending('t', 0, messages(8, 9, 10))).toBe(2);
  });

  it('says whether an offset would move a partition forward', () => {
    const committed = new CommittedOffsets();
    expect(committed.isAhead('t', 0, '3')).toBe(true);
    committed.committed('t', 0, '10');
    expect(committed.isAhead('t', 0, '10')).toBe(false);
    expect(committed.isAhead('t', 0, '7')).toBe(false);
    expect(committed.isAhead('t', 0, '11')).toBe(true);
    expect(committed.resumesAt('t:0')).toBe('10');
  });
});
