import { pollHealth, type PollFacts } from './poll-health';

const NOW = 1_000_000;
const base: PollFacts = { pollMs: 5000, lastPolledAt: NOW - 2000, failures: 0, stallAfterMs: 120_000 };

describe('pollHealth', () => {
  it.each<[string, PollFacts, { ready: boolean; live: boolean }]>([
    ['a fresh report', base, { ready: true, live: true }],
    ['no poll has succeeded yet', { ...base, lastPolledAt: undefined }, { ready: false, live: true }],
    ['the last poll failed', { ...base, lastPollError: 'broker down', failures: 1 }, { ready: false, live: true }],
    ['three polls missed (15 s at 5 s)', { ...base, lastPolledAt: NOW - 15_001 }, { ready: false, live: true }],
    ['fast polls still get 10 s', { ...base, pollMs: 500, lastPolledAt: NOW - 9000 }, { ready: true, live: true }],
    ['a poll running for a minute', { ...base, pollStartedAt: NOW - 60_000 }, { ready: true, live: true }],
    ['a poll hung past the stall time', { ...base, pollStartedAt: NOW - 120_001 }, { ready: true, live: false }],
  ])('%s', (_, facts, expected) => {
    const health = pollHealth(facts, NOW);
    expect({ ready: health.ready, live: health.live }).toEqual(expected);
  });

  it('says why it is not ready', () => {
    const health = pollHealth({ ...base, lastPollError: 'broker down', failures: 3 }, NOW);
    expect(health).toMatchObject({ name: 'lag-poll', state: 'recovering', lastError: 'broker down', restarts: 3 });
  });
});
