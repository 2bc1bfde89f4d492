import { sliceLogContext, tally } from './slice-log';
import type { ConsumedEvent } from '../consume/decoded-event';

const event = (offset: string) => ({ kind: 'decoded', topic: 't', partition: 2, offset }) as unknown as ConsumedEvent;

describe('slice log', () => {
  it('names the partition and the first and last offset of the slice', () => {
    expect(sliceLogContext({ topic: 't', partition: 2, events: [event('7'), event('8'), event('11')] })).toEqual({
      topic: 't',
      partition: 2,
      fromOffset: '7',
      toOffset: '11',
    });
  });

  it('counts each value', () => {
    expect(tally(['a', 'b', 'a'])).toEqual({ a: 2, b: 1 });
    expect(tally([])).toEqual({});
  });
});
