import { InvalidConfigError } from './load-config';
import { kafkaSecurity } from './kafka-security';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const files: Record<string, string> = { '/ca.pem': CA, '/password': 'secret\n', '/empty': '' };
const read = (file: string) => {
  if (!(file in files)) throw new Error('ENOENT');
  return files[file];
};
const problemsOf = (v: Parameters<typeof kafkaSecurity>[1]) => {
  try {
    kafkaSecurity('router', v, read);
    return [];
  } catch (error) {
    return (error as InvalidConfigError).problems;
  }
};

describe('kafkaSecurity', () => {
  it('is plaintext and anonymous when nothing is set', () => {
    expect(kafkaSecurity('router', {}, read)).toBeUndefined();
  });

  it('reads the CA and the password file once', () => {
    expect(
      kafkaSecurity(
        'router',
        {
          KSB_KAFKA_CA_FILE: '/ca.pem',
          KSB_KAFKA_SASL_USERNAME: 'ksb-router',
          KSB_KAFKA_SASL_PASSWORD_FILE: '/password',
        },
        read,
      ),
    ).toEqual({ tls: true, ca: CA, sasl: { username: 'ksb-router', password: 'secret' } });
  });

  it('takes a registry credential of its own when one is set, and only as a pair', () => {
    expect(
      kafkaSecurity(
        'router',
        {
          KSB_KAFKA_CA_FILE: '/ca.pem',
          KSB_KAFKA_SASL_USERNAME: 'ksb-router',
          KSB_KAFKA_SASL_PASSWORD_FILE: '/password',
          KSB_REGISTRY_USERNAME: 'bridge-router-client',
          KSB_REGISTRY_PASSWORD_FILE: '/password',
        },
        read,
      ),
    ).toMatchObject({ registry: { username: 'bridge-router-client', password: 'secret' } });
    expect(problemsOf({ KSB_REGISTRY_USERNAME: 'bridge-router-client' })).toEqual([
      'KSB_REGISTRY_USERNAME is invalid: set it together with KSB_REGISTRY_PASSWORD_FILE, or neither',
    ]);
  });

  it('uses the system CAs with KSB_KAFKA_TLS=true', () => {
    expect(kafkaSecurity('router', { KSB_KAFKA_TLS: 'true' }, read)).toEqual({ tls: true });
  });

  it('names each wrong variable', () => {
    expect(problemsOf({ KSB_KAFKA_CA_FILE: '/missing.pem' })).toEqual([
      expect.stringMatching(/^KSB_KAFKA_CA_FILE is invalid: cannot read \/missing.pem/),
    ]);
    expect(problemsOf({ KSB_KAFKA_CA_FILE: '/password' })).toEqual([
      'KSB_KAFKA_CA_FILE is invalid: /password holds no PEM certificate',
    ]);
    expect(problemsOf({ KSB_KAFKA_CA_FILE: '/ca.pem', KSB_KAFKA_SASL_USERNAME: 'ksb-router' })).toEqual([
      expect.stringMatching(/^KSB_KAFKA_SASL_PASSWORD is missing/),
    ]);
    expect(problemsOf({ KSB_KAFKA_CA_FILE: '/ca.pem', KSB_KAFKA_SASL_PASSWORD: 'x' })).toEqual([
      expect.stringMatching(/^KSB_KAFKA_SASL_USERNAME is missing/),
    ]);
  });

  it('never sends a password without TLS', () => {
    expect(problemsOf({ KSB_KAFKA_SASL_USERNAME: 'ksb-router', KSB_KAFKA_SASL_PASSWORD: 'x' })).toEqual([
      expect.stringMatching(/^KSB_KAFKA_TLS is invalid: SASL credentials are only sent over TLS/),
    ]);
  });
});
