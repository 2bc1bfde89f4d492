import type { CaseKeyStore } from '@ksb/case-keys';
import { CaseKeyExpiry } from './case-key-expiry';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-06T10:00:00.000Z');

const storeExpiring = (answer: () => Promise<readonly string[]>) => {
  const asked: Date[] = [];
  const store = {
    expire: (before: Date) => (asked.push(before), answer()),
  } as unknown as CaseKeyStore;
  return { store, asked };
};

describe('CaseKeyExpiry', () => {
  it('asks the store to drop keys older than their life, and logs what went', async () => {
    const { store, asked } = storeExpiring(async () => ['old.keys']);
    const lines: object[] = [];
    const expired = await new CaseKeyExpiry(
      store,
      37 * DAY,
      (l) => lines.push(l),
      3_600_000,
      () => NOW,
    ).once();
    expect(asked).toEqual([new Date(NOW - 37 * DAY)]);
    expect(expired).toEqual(['old.keys']);
    expect(lines).toEqual([expect.objectContaining({ msg: 'case keys expired', logs: ['old.keys'] })]);
  });

  it('logs nothing when nothing expired, and a failure without throwing', async () => {
    const lines: object[] = [];
    const quiet = storeExpiring(async () => []);
    await new CaseKeyExpiry(
      quiet.store,
      DAY,
      (l) => lines.push(l),
      1000,
      () => NOW,
    ).once();
    expect(lines).toEqual([]);
    const failing = storeExpiring(async () => Promise.reject(new Error('disk gone')));
    await expect(
      new CaseKeyExpiry(
        failing.store,
        DAY,
        (l) => lines.push(l),
        1000,
        () => NOW,
      ).once(),
    ).resolves.toEqual([]);
    expect(lines).toEqual([expect.objectContaining({ error: 'disk gone' })]);
  });
});
