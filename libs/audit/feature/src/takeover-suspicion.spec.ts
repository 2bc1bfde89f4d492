import { RECOVERY_WINDOW_MS, TakeoverSuspicion } from './takeover-suspicion';

const protocolError = (type: string) => Object.assign(new Error(type), { type });
const aborted = () =>
  Object.assign(new Error('retries exhausted'), { cause: protocolError('CONCURRENT_TRANSACTIONS') });
const unreachable = () => new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9092');

describe('TakeoverSuspicion', () => {
  it('stops a fenced writer whatever happened before', () => {
    const suspicion = new TakeoverSuspicion();
    suspicion.failed(unreachable(), 1000);
    expect(suspicion.failed(protocolError('INVALID_PRODUCER_EPOCH'), 2000)).toBe('fenced');
  });

  it('watches for a newer writer when an aborted transaction comes out of a quiet broker', () => {
    expect(new TakeoverSuspicion().failed(aborted(), 1_000_000)).toBe('watch-for-newer-writer');
  });

  it('claims again at once when the abort follows a broker that was away', () => {
    const suspicion = new TakeoverSuspicion();
    expect(suspicion.failed(unreachable(), 1_000_000)).toBe('claim-again');
    expect(suspicion.failed(aborted(), 1_000_000 + RECOVERY_WINDOW_MS)).toBe('claim-again');
  });

  it('is suspicious again once the recovery window has passed', () => {
    const suspicion = new TakeoverSuspicion();
    suspicion.failed(unreachable(), 1_000_000);
    expect(suspicion.failed(aborted(), 1_000_001 + RECOVERY_WINDOW_MS)).toBe('watch-for-newer-writer');
  });

  it('reads UNKNOWN_SERVER_ERROR, as Kafka 4 answers a fenced kafkajs transaction, like an abort', () => {
    const unknown = () =>
      Object.assign(new Error('unexpected server error'), { cause: protocolError('UNKNOWN_SERVER_ERROR') });
    expect(new TakeoverSuspicion().failed(unknown(), 1_000_000)).toBe('watch-for-newer-writer');
    const recovering = new TakeoverSuspicion();
    recovering.failed(unreachable(), 1_000_000);
    expect(recovering.failed(unknown(), 1_000_500)).toBe('claim-again');
  });

  it("reads librdkafka's unknown broker error and its unexplained fatal error the same way", () => {
    const rdkafka = (code: number) =>
      Object.assign(new Error(`(librdkafka ${code})`), { code, isFatal: code === -150 });
    const suspicion = new TakeoverSuspicion();
    expect(suspicion.failed(rdkafka(-1), 1_000_000)).toBe('watch-for-newer-writer');
    expect(suspicion.failed(rdkafka(-150), 1_000_100)).toBe('watch-for-newer-writer');
    expect(suspicion.failed(rdkafka(-144), 1_000_200)).toBe('fenced');
  });
});
