import { fetchedRecently, healthOf, type ConsumerFacts } from './supervised-consumer';

const facts: ConsumerFacts = {
  name: 'router',
  groupId: 'ksb-router',
  state: 'running',
  member: true,
  assignedPartitions: 3,
  restarts: 0,
  lastFetchAt: 1_000,
};
const recentFetch = (ago: number | undefined) => ago !== undefined && ago < 10_000;

describe('healthOf', () => {
  it.each([
    ['running, in its group, fetching', {}, 5_000, true, true],
    ['not fetching for too long', {}, 20_000, false, true],
    ['out of its group', { member: false }, 5_000, false, true],
    ['recovering', { state: 'recovering' as const }, 5_000, false, true],
    ['given up', { state: 'failed' as const }, 5_000, false, false],
    ['input waiting past the stall limit', { waitingSince: 0 }, 5_000, true, false],
    ['input waiting within the stall limit', { waitingSince: 2_000 }, 5_000, true, true],
  ])('%s', (_, change, now, ready, live) => {
    const health = healthOf({ ...facts, ...change }, now, recentFetch, 4_000);
    expect([health.ready, health.live]).toEqual([ready, live]);
  });

  it('reports times as ages and leaves a non-critical consumer out of readiness', () => {
    const health = healthOf({ ...facts, waitingSince: 3_000, state: 'recovering' }, 5_000, recentFetch, 60_000, false);
    expect(health).toMatchObject({ lastFetchAgoMs: 4_000, waitingForMs: 2_000, ready: true, live: true });
    expect(health).not.toHaveProperty('lastFetchAt');
  });
});

describe('fetchedRecently', () => {
  it.each([
    ['never fetched', undefined, 100, false],
    ['short waits still get 10 s', 9_999, 100, true],
    ['10 s of silence at short waits', 10_000, 100, false],
    ['three long waits', 14_999, 5_000, true],
    ['past three long waits', 15_000, 5_000, false],
  ])('%s', (_, ago, wait, fresh) => {
    expect(fetchedRecently(ago, wait)).toBe(fresh);
  });
});
