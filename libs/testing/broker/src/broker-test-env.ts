import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { kafkaSecurity, kafkaVariables, loadConfig } from '@ksb/config';

const ROOT = resolve(__dirname, '..', '..', '..', '..');

/**
 * One identity's client settings on the local stack (.stack/security/env/<principal>.env, written by the
 * stack on start): broker tests connect as the admin, and a test of least privilege as a stage or office.
 */
export const localIdentityEnv = (principal: string): Record<string, string> => {
  const file = join(process.env.KSB_STACK_DIR ?? join(ROOT, '.stack'), 'security', 'env', `${principal}.env`);
  if (!existsSync(file)) throw new Error(`no local identity ${principal}: ${file} is missing (start the stack)`);
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
};

const localAdmin = (): Record<string, string> => {
  try {
    return localIdentityEnv('ksb-admin');
  } catch {
    // A stack without identities (an external plaintext broker): connect as configured, nothing more.
    return {};
  }
};

/**
 * Broker tests run against the stack that `npm test` starts (or KSB_KAFKA_BROKERS / KSB_REGISTRY_URL), as
 * its admin unless the environment names another identity.
 */
export const brokerTestEnv = () => {
  const identity = process.env.KSB_KAFKA_SASL_USERNAME ? {} : localAdmin();
  const env = loadConfig('broker-tests', z.object(kafkaVariables), { ...process.env, ...identity });
  return { ...env, security: kafkaSecurity('broker-tests', env) };
};

/** The variables that carry an identity to a service process. */
export const securityVariables = (env: ReturnType<typeof brokerTestEnv>): Record<string, string> =>
  Object.fromEntries(
    (['KSB_KAFKA_CA_FILE', 'KSB_KAFKA_TLS', 'KSB_KAFKA_SASL_USERNAME', 'KSB_KAFKA_SASL_PASSWORD'] as const)
      .filter((k) => env[k] !== undefined)
      .map((k) => [k, String(env[k])]),
  );

const SIGNING_VARIABLES = [
  'KSB_SIGNING_KEYS_FILE',
  'KSB_SIGNING_KEYRING_FILE',
  'KSB_GATEWAY_SIGNING_KEY_FILE',
  'KSB_GATEWAY_SIGNING_KEY_ID',
  'KSB_REDACTOR_SIGNING_KEY_FILE',
  'KSB_REDACTOR_SIGNING_KEY_ID',
  'KSB_DELIVERY_API_SIGNING_KEY_FILE',
  'KSB_DELIVERY_API_SIGNING_KEY_ID',
  'KSB_STATUS_SIGNING_KEY_FILE',
  'KSB_STATUS_SIGNING_KEY_ID',
  'KSB_DIRECTORY_SIGNING_KEY_FILE',
  'KSB_DIRECTORY_SIGNING_KEY_ID',
  // The per-case key store (ADR 0023): the same for every stage of the local stack.
  'KSB_CASE_KEY_DIR',
  'KSB_CASE_KEK_FILE',
];

/**
 * The local stack's signing material for service processes: the key register every stage checks against,
 * the gateway's and the delivery API's proxy keys and the redactor's delivery key (each from its own identity's settings), and the
 * key ring a test publishes with as any office. The environment may override each.
 */
export const localSigningEnv = (): Record<string, string> => {
  const merged: Record<string, string> = {};
  for (const principal of ['ksb-admin', 'ksb-gateway', 'ksb-redactor', 'ksb-delivery-api'])
    try {
      Object.assign(merged, localIdentityEnv(principal));
    } catch {
      // No local identities (an external broker): the variables come from the environment or not at all.
    }
  return Object.fromEntries(
    SIGNING_VARIABLES.map((k) => [k, process.env[k] ?? merged[k]]).filter((e): e is [string, string] => !!e[1]),
  );
};
