import { kafkaSecurity, kafkaVariables, loadConfig } from '@ksb/config';
import { CANARY_INGEST_TOPIC, CANARY_RECORD, NAMESPACE_ROOT, OPS_ALERT_TOPIC } from '@ksb/contracts';
import { localIdentityEnv, TestBroker } from '@ksb/testing-broker';
import { ConfluentRegistryAdapter, registryCredentials, Wire } from '@ksb/wire';
import { z } from 'zod';

/**
 * The schema registry against real requests: https only, HTTP basic with each identity's own password, the
 * admin registers and every other identity only looks up and reads. Regression for "the registry is open
 * over http" and "schema registration is reserved for the admin".
 */
const ALERT = `${NAMESPACE_ROOT}.ops.OpsAlert`;

describe('who may use the schema registry (broker)', () => {
  const broker = new TestBroker();
  const url = broker.env.KSB_REGISTRY_URL;
  const wires: Wire[] = [];

  const as = (principal: string): Wire => {
    const env = loadConfig('registry-access', z.object(kafkaVariables), {
      KSB_KAFKA_BROKERS: broker.env.KSB_KAFKA_BROKERS.join(','),
      KSB_REGISTRY_URL: url,
      ...localIdentityEnv(principal),
    });
    const wire = new Wire({
      brokers: env.KSB_KAFKA_BROKERS,
      registryUrl: env.KSB_REGISTRY_URL,
      clientId: `registry-access-${principal}`,
      topicSuffix: broker.suffix,
      security: kafkaSecurity('registry-access', env),
      logLevel: 'nothing',
    });
    wires.push(wire);
    return wire;
  };
  const ca = () => registryCredentials(broker.env.security)?.ca;

  afterAll(async () => {
    await Promise.all(wires.map((w) => w.close()));
    await broker.close();
  });

  it('answers only https', async () => {
    expect(url.startsWith('https://')).toBe(true);
    await expect(fetch(url.replace('https://', 'http://') + '/subjects')).rejects.toThrow();
  });

  it('refuses a client without a credential or with a wrong password', async () => {
    const anonymous = new ConfluentRegistryAdapter(url, { username: '', password: '', ca: ca() });
    await expect(anonymous.answers()).rejects.toMatchObject({ code: 'REGISTRY_ACCESS_DENIED' });
    const wrong = new ConfluentRegistryAdapter(url, { username: 'ksb-router', password: 'not-its-password', ca: ca() });
    await expect(wrong.answers()).rejects.toMatchObject({ code: 'REGISTRY_ACCESS_DENIED' });
  });

  it('lets a stage look up and read what the admin registered, and refuses it a registration', async () => {
    const admin = broker.wire;
    const registered = await admin.registerSchema(CANARY_INGEST_TOPIC, CANARY_RECORD);

    const router = as('ksb-router');
    await expect(router.registry.answers()).resolves.toBeUndefined();
    const found = await router.registerSchema(CANARY_INGEST_TOPIC, CANARY_RECORD);
    expect(found).toMatchObject({ id: registered.id, version: registered.version, subject: registered.subject });
    expect(JSON.parse(await router.registry.schemaById(registered.id))).toMatchObject({ name: 'CanaryProbe' });

    const refused = router.registerSchema(OPS_ALERT_TOPIC, ALERT);
    await expect(refused).rejects.toMatchObject({ code: 'REGISTRY_ACCESS_DENIED' });
    await expect(refused).rejects.toThrow(/as ksb-router \(403\): schemas are registered by the admin/);
  });

  it('lets an office read a schema by id but not register one', async () => {
    const registered = await broker.wire.registerSchema(CANARY_INGEST_TOPIC, CANARY_RECORD);
    const office = as('office-ja-stadt-hilden');
    await expect(office.registry.schemaById(registered.id)).resolves.toContain('CanaryProbe');
    await expect(office.registerSchema(OPS_ALERT_TOPIC, ALERT)).rejects.toMatchObject({
      code: 'REGISTRY_ACCESS_DENIED',
    });
  });
});
