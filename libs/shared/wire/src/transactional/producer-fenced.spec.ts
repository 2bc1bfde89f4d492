import { isKafkaErrorType, isProducerFenced, isTakenOver, isUnexplainedFatal } from './producer-fenced';

const protocolError = (type: string, message = type) => Object.assign(new Error(message), { type });

describe('isProducerFenced', () => {
  it('knows the fenced protocol errors by type', () => {
    expect(isProducerFenced(protocolError('INVALID_PRODUCER_EPOCH'))).toBe(true);
    expect(isProducerFenced(protocolError('TRANSACTION_COORDINATOR_FENCED'))).toBe(true);
  });

  it('knows PRODUCER_FENCED by its code, which kafkajs 2.2 reports as unknown', () => {
    expect(isProducerFenced(protocolError('KAFKAJS_UNKNOWN_ERROR_CODE', 'Unknown error code 90'))).toBe(true);
    expect(isProducerFenced(protocolError('KAFKAJS_UNKNOWN_ERROR_CODE', 'Unknown error code 900'))).toBe(false);
  });

  it("knows librdkafka's fenced errors by code, and only librdkafka's", () => {
    const rdkafka = (code: number) => Object.assign(new Error(`fenced (librdkafka ${code})`), { code, isFatal: true });
    expect([-144, 90, 47].map((code) => isProducerFenced(rdkafka(code)))).toEqual([true, true, true]);
    expect(isProducerFenced(rdkafka(-195))).toBe(false);
    expect([isTakenOver(rdkafka(51)), isProducerFenced(rdkafka(51))]).toEqual([true, false]);
    expect([isKafkaErrorType(rdkafka(-1), 'UNKNOWN_SERVER_ERROR'), isUnexplainedFatal(rdkafka(-150))]).toEqual([
      true,
      true,
    ]);
    expect(isUnexplainedFatal(Object.assign(new Error('x'), { code: -150 }))).toBe(false);
    // A kafkajs protocol error has a numeric code too, but no isFatal: its type decides.
    expect(isProducerFenced(Object.assign(protocolError('NOT_COORDINATOR'), { code: -144 }))).toBe(false);
  });

  it('finds it inside retry errors and aggregates', () => {
    const retried = Object.assign(new Error('retries exceeded'), { cause: protocolError('INVALID_PRODUCER_EPOCH') });
    const aggregate = Object.assign(new Error('several'), {
      errors: [new Error('other'), Object.assign(new Error('x'), { originalError: retried })],
    });
    expect(isProducerFenced(retried)).toBe(true);
    expect(isProducerFenced(aggregate)).toBe(true);
  });

  it('is false for ordinary failures and for non-errors', () => {
    expect(isProducerFenced(protocolError('NOT_COORDINATOR'))).toBe(false);
    expect(isProducerFenced(new Error('Connection error: ECONNREFUSED'))).toBe(false);
    expect(isProducerFenced(undefined)).toBe(false);
    expect(isProducerFenced('fenced')).toBe(false);
  });

  it('stops at self-references', () => {
    const loop: Error & { cause?: unknown } = new Error('loop');
    loop.cause = loop;
    expect(isProducerFenced(loop)).toBe(false);
  });

  it('counts a transaction aborted under a single writer as taken over, not as fenced', () => {
    const aborted = Object.assign(new Error('retries'), { cause: protocolError('CONCURRENT_TRANSACTIONS') });
    expect([isTakenOver(aborted), isProducerFenced(aborted)]).toEqual([true, false]);
    expect(isTakenOver(protocolError('INVALID_PRODUCER_EPOCH'))).toBe(true);
    expect(isTakenOver(protocolError('NOT_COORDINATOR'))).toBe(false);
  });
});
