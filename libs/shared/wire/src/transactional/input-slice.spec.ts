import { BridgeError } from '@ksb/errors';
import type { ConsumedEvent } from '../consume/decoded-event';
import { answerSlice, eachEvent, eachEventInTurn, type InputSlice, type SliceOutputs } from './input-slice';
import type { ProcessorOutput } from './processor-output';

class RegistryAway extends BridgeError {
  readonly code = 'SCHEMA_REGISTRY_UNAVAILABLE';
  readonly retriable = true;
}

const event = (offset: number): ConsumedEvent<string> => ({
  kind: 'undecodable',
  topic: 'ksb.ingest.police-notification',
  partition: 0,
  offset: String(offset),
  key: null,
  rawValue: Buffer.from(`value ${offset}`),
  rawHeaders: {},
  error: new Error('test input'),
});
const slice = (count: number): InputSlice => ({
  topic: 'ksb.ingest.police-notification',
  partition: 0,
  events: Array.from({ length: count }, (_, i) => event(100 + i)),
});
const deadLetterOf = (e: ConsumedEvent): ProcessorOutput[] => [
  { kind: 'dead-letter', input: { ...e, error: new Error('dead') } },
];

describe('answerSlice', () => {
  it('hands the slice in one call when the handler answers every event', async () => {
    const calls: number[] = [];
    const answers = await answerSlice(slice(3), async (s) => {
      calls.push(s.events.length);
      return eachEvent(s, deadLetterOf);
    });
    expect(calls).toEqual([3]);
    expect(answers.map((a) => ('outputs' in a ? a.outputs[0] : undefined))).toMatchObject([
      { input: { offset: '100' } },
      { input: { offset: '101' } },
      { input: { offset: '102' } },
    ]);
  });

  it('finds the one event a throwing handler fails on, and answers the others', async () => {
    const calls: number[] = [];
    const answers = await answerSlice(slice(3), async (s) => {
      calls.push(s.events.length);
      if (s.events.some((e) => e.offset === '101')) throw new Error('rule bug on 101');
      return eachEvent(s, deadLetterOf);
    });
    expect(calls).toEqual([3, 1, 1, 1]);
    expect(answers.map((a) => ('error' in a ? (a.error as Error).message : a.outputs.length))).toEqual([
      1,
      'rule bug on 101',
      1,
    ]);
  });

  it('does not trust an answer of the wrong length', async () => {
    // Always one answer: wrong for the pair, right for each event alone.
    const answers = await answerSlice(slice(2), async () => [[]]);
    expect(answers).toEqual([{ outputs: [] }, { outputs: [] }]);
    const none = await answerSlice(slice(1), async () => [] as SliceOutputs);
    expect(none).toMatchObject([{ error: { message: 'the handler answered 1 events with 0' } }]);
  });

  it('throws a retriable error so the slice is read again, in the whole call and alone', async () => {
    await expect(answerSlice(slice(2), () => Promise.reject(new RegistryAway('away')))).rejects.toThrow('away');
    let first = true;
    const flaky = async (): Promise<SliceOutputs> => {
      if (first) {
        first = false;
        throw new Error('not retriable');
      }
      throw new RegistryAway('away on retry');
    };
    await expect(answerSlice(slice(2), flaky)).rejects.toThrow('away on retry');
  });

  it('answers events in order with a handler that awaits', async () => {
    const order: string[] = [];
    const outputs = await eachEventInTurn(slice(3), async (e) => {
      await new Promise((r) => setTimeout(r, e.offset === '100' ? 5 : 0));
      order.push(e.offset);
      return [];
    });
    expect([order, outputs.length]).toEqual([['100', '101', '102'], 3]);
  });
});
