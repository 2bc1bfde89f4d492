import { findEventType, type EventType } from '@ksb/contracts';
import { loadDirectory, type Office } from '@ksb/directory';
import { authorizeSender } from './authorize-sender';
import { IdempotencyConflictError, SenderRoleNotAllowedError } from './gateway.errors';
import { IdempotencyCache } from './idempotency-cache';
import { TokenBuckets } from './token-bucket';

const directory = loadDirectory();
const type = (name: string) => findEventType(name) as EventType;

describe('authorizeSender', () => {
  const police = directory.offices.get('kpb-mettmann') as Office;
  const jugendamt = directory.offices.get('ja-stadt-hilden') as Office;

  it.each([
    [police, 'police-notification'],
    [jugendamt, 'jugendamt-urgent-notice'],
    [jugendamt, 'acknowledgement'],
    [police, 'acknowledgement'],
  ])('%s may send %s', (office, name) => {
    expect(() => authorizeSender(office, type(name))).not.toThrow();
  });

  it.each([
    [police, 'jugendamt-urgent-notice'],
    [jugendamt, 'police-notification'],
  ])('%s may not send %s', (office, name) => {
    expect(() => authorizeSender(office, type(name))).toThrow(SenderRoleNotAllowedError);
  });
});

describe('TokenBuckets', () => {
  it('allows a burst up to capacity, then asks to wait, and refills over time', () => {
    const buckets = new TokenBuckets(3, 1);
    expect([0, 0, 0].map(() => buckets.take('kpb-mettmann', 0))).toEqual([0, 0, 0]);
    expect(buckets.take('kpb-mettmann', 0)).toBe(1);
    expect(buckets.take('ja-stadt-hilden', 0)).toBe(0);
    expect(buckets.take('kpb-mettmann', 1500)).toBe(0);
  });
});

describe('IdempotencyCache', () => {
  it('runs the work once per key and replays its result', async () => {
    const cache = new IdempotencyCache<string>(1000);
    let runs = 0;
    const work = async () => `offset-${++runs}`;
    const first = cache.run('e1', 'f', 0, work);
    const second = cache.run('e1', 'f', 10, work);
    expect([first.replayed, second.replayed]).toEqual([false, true]);
    await expect(second.result).resolves.toBe('offset-1');
    expect(runs).toBe(1);
  });

  it('refuses the same key with different content', () => {
    const cache = new IdempotencyCache<string>(1000);
    cache.run('e1', 'f1', 0, async () => 'x');
    expect(() => cache.run('e1', 'f2', 0, async () => 'y')).toThrow(IdempotencyConflictError);
  });

  it('forgets failed attempts and expired entries', async () => {
    const cache = new IdempotencyCache<string>(1000);
    await expect(cache.run('e1', 'f', 0, async () => Promise.reject(new Error('broker down'))).result).rejects.toThrow(
      'broker down',
    );
    expect(cache.run('e1', 'f', 1, async () => 'ok').replayed).toBe(false);
    expect(cache.run('e1', 'f', 2000, async () => 'again').replayed).toBe(false);
  });
});
