import { claimAtStart } from './claim-at-start';

const fenced = () =>
  Object.assign(new Error('retries exhausted'), {
    cause: Object.assign(new Error('old epoch'), { type: 'INVALID_PRODUCER_EPOCH' }),
  });

describe('claimAtStart', () => {
  const options = { attempts: 3, pauseMs: 1, log: () => undefined };

  it('claims again when the first claim raced another writer', async () => {
    const outcomes = [fenced(), undefined];
    const claim = jest.fn(async () => {
      const outcome = outcomes.shift();
      if (outcome) throw outcome;
    });
    await claimAtStart(claim, options);
    expect(claim).toHaveBeenCalledTimes(2);
  });

  it('gives up after the last attempt and says why', async () => {
    const claim = jest.fn(async () => {
      throw fenced();
    });
    await expect(claimAtStart(claim, options)).rejects.toThrow('retries exhausted');
    expect(claim).toHaveBeenCalledTimes(3);
  });

  it('does not retry what is not a fence', async () => {
    const claim = jest.fn(async () => {
      throw new Error('audited topics missing');
    });
    await expect(claimAtStart(claim, options)).rejects.toThrow('audited topics missing');
    expect(claim).toHaveBeenCalledTimes(1);
  });
});
