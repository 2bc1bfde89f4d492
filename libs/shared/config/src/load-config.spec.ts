import { z } from 'zod';
import { InvalidConfigError, loadConfig } from './load-config';
import { kafkaVariables, port } from './common-variables';

const schema = z.object({ ...kafkaVariables, KSB_HTTP_PORT: port });

describe('loadConfig', () => {
  it('applies the local-stack defaults and parses the broker list', () => {
    const config = loadConfig('router', schema, { KSB_HTTP_PORT: '3000', KSB_KAFKA_BROKERS: 'a:9092, b:9093' });
    expect(config).toEqual({
      KSB_KAFKA_BROKERS: ['a:9092', 'b:9093'],
      KSB_REGISTRY_URL: 'https://127.0.0.1:8081/apis/ccompat/v7',
      KSB_HTTP_PORT: 3000,
      KSB_CONSUMER_GIVE_UP_MS: 120_000,
      KSB_CONSUMER_STALL_MS: 120_000,
    });
  });

  it('names every wrong variable at once', () => {
    const error = captureError(() =>
      loadConfig('router', schema, { KSB_KAFKA_BROKERS: 'no-port', KSB_REGISTRY_URL: 'not a url' }),
    );
    expect(error).toBeInstanceOf(InvalidConfigError);
    expect(error.message).toMatch(/^router: invalid configuration/);
    expect(error.problems).toEqual([
      expect.stringMatching(/^KSB_KAFKA_BROKERS is invalid/),
      expect.stringMatching(/^KSB_REGISTRY_URL is invalid/),
      expect.stringMatching(/^KSB_HTTP_PORT is missing/),
    ]);
  });
});

const captureError = (fn: () => unknown): InvalidConfigError => {
  try {
    fn();
  } catch (error) {
    return error as InvalidConfigError;
  }
  throw new Error('expected an error');
};
