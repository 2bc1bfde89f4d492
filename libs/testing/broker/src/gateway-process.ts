import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { issueApiKey } from '@ksb/gateway-core';
import { freePort } from './free-port';
import { startService, type RunningService } from './service-process';
import type { TestBroker } from './test-broker';

export interface TestGateway {
  readonly service: RunningService;
  readonly baseUrl: string;
  /** A fresh API key per office the test named. */
  readonly keys: Readonly<Record<string, string>>;
}

/**
 * Starts a service that reads the key store: the store belongs to that one process and is removed when the
 * process has ended, however it ended, or at once if it never became ready.
 */
const startWithKeys = async (name: string, env: Record<string, string>, keysFile: string) => {
  const remove = () => rmSync(dirname(keysFile), { recursive: true, force: true });
  try {
    const service = await startService(name, env);
    void service.exit.finally(remove);
    return service;
  } catch (error) {
    remove();
    throw error;
  }
};

/** A gateway process on this test's topics with fresh keys for the named offices. */
const TEST_SCRYPT_COST = { N: 2 ** 10, r: 8, p: 1 };

/** Fresh API keys for the named offices and the key store file that holds their hashes. */
export const issueTestKeys = async (offices: readonly string[]) => {
  // Cheap scrypt: tests start many gateways; `ksb keys` always issues with the full cost.
  const issued = await Promise.all(offices.map((o) => issueApiKey(o, new Date(), TEST_SCRYPT_COST)));
  const keys: Readonly<Record<string, string>> = Object.fromEntries(issued.map((i) => [i.stored.officeId, i.key]));
  const keysFile = join(mkdtempSync(join(tmpdir(), 'ksb-keys-')), 'api-keys.json');
  writeFileSync(keysFile, JSON.stringify(issued.map((i) => i.stored)));
  return { keys, keysFile };
};

export const startGateway = async (
  broker: TestBroker,
  offices: readonly string[],
  extra: Record<string, string> = {},
): Promise<TestGateway> => {
  const { keys, keysFile } = await issueTestKeys(offices);
  const port = await freePort();
  const service = await startWithKeys(
    'gateway',
    broker.serviceEnv({ KSB_GATEWAY_PORT: String(port), KSB_GATEWAY_API_KEYS_FILE: keysFile, ...extra }),
    keysFile,
  );
  const scheme = extra.KSB_GATEWAY_TLS_CERT_FILE ? 'https' : 'http';
  return { service, baseUrl: `${scheme}://127.0.0.1:${port}`, keys };
};

/** A delivery API process on this test's topics, with fresh keys for the named offices. */
export const startDeliveryApi = async (
  broker: TestBroker,
  offices: readonly string[],
  extra: Record<string, string> = {},
): Promise<TestGateway> => {
  const { keys, keysFile } = await issueTestKeys(offices);
  const port = await freePort();
  const service = await startWithKeys(
    'delivery-api',
    broker.serviceEnv({ KSB_DELIVERY_API_PORT: String(port), KSB_DELIVERY_API_KEYS_FILE: keysFile, ...extra }),
    keysFile,
  );
  return { service, baseUrl: `http://127.0.0.1:${port}`, keys };
};
