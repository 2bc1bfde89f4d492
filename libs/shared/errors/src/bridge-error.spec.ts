import { BridgeError, isRetriable, reasonCodeOf } from './bridge-error';

class BrokerUnavailable extends BridgeError {
  readonly code = 'BROKER_UNAVAILABLE';
  readonly retriable = true;
}
class MalformedPayload extends BridgeError {
  readonly code = 'MALFORMED_PAYLOAD';
  readonly retriable = false;
}

describe('BridgeError', () => {
  it('keeps the subclass name, the message and the cause', () => {
    const cause = new Error('ECONNREFUSED');
    const error = new BrokerUnavailable('broker down', { cause });
    expect(error.name).toBe('BrokerUnavailable');
    expect(error.message).toBe('broker down');
    expect(error.cause).toBe(cause);
  });

  it.each([
    [new BrokerUnavailable('x'), true, 'BROKER_UNAVAILABLE'],
    [new MalformedPayload('x'), false, 'MALFORMED_PAYLOAD'],
    [new Error('plain'), false, 'UNEXPECTED_ERROR'],
    ['a string', false, 'UNEXPECTED_ERROR'],
  ])('classifies %p as retriable=%p with code %p', (error, retriable, code) => {
    expect(isRetriable(error)).toBe(retriable);
    expect(reasonCodeOf(error)).toBe(code);
  });
});
