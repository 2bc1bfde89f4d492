import { randomUUID } from 'node:crypto';
import { accessPlan, officeGroupPrefix, officePrincipal, type AccessRule } from '@ksb/access';
import { collectAudit } from '@ksb/audit-feature';
import { auditedTopics } from '@ksb/audit-trail';
import { kafkaSecurity, kafkaVariables, loadConfig, type KafkaSecuritySettings } from '@ksb/config';
import {
  AUDIT_TRAIL_TOPIC,
  DEAD_LETTER_TOPIC,
  deliveryTopicName,
  DIRECTORY_SNAPSHOT_TOPIC,
  type OfficeRole,
} from '@ksb/contracts';
import { loadDirectory } from '@ksb/directory';
import { IngestPublisher } from '@ksb/producer';
import { loadPolicy } from '@ksb/redaction';
import { deliveryTopicSpecs } from '@ksb/redaction-feature';
import {
  auditWriterEnv,
  localIdentityEnv,
  startAuditWriter,
  startStreamService,
  TestBroker,
  waitUntil,
  type RunningService,
} from '@ksb/testing-broker';
import { createAllowRules, deleteAllowRules, Wire, type ClientConsumer } from '@ksb/wire';
import { z } from 'zod';
import { auditKeys } from '../audit/audit-keys';
import { exampleContent, POLICE_EXAMPLE } from '../ingest/example-events';

type Access = 'allowed' | 'refused';

/**
 * The access plan against the real authorizer (TLS, SCRAM-SHA-512, StandardAuthorizer, no ACL = refused):
 * the plan for this test's topics is applied, every identity connects with its own credentials, and each
 * may do its own job and nothing else. Regression for "an anonymous client read every office's topic",
 * "anyone can write ksb.routed.* and ksb.directory.snapshot".
 */
describe('least privilege on the secured local stack (broker)', () => {
  const broker = new TestBroker();
  const directory = loadDirectory();
  const offices = [...directory.offices.values()].map((o) => ({ id: o.id, role: o.role as OfficeRole }));
  let plan: AccessRule[] = [];
  const wires: Wire[] = [];
  const services: RunningService[] = [];
  const keys = auditKeys();

  /** A client of this test's topics as the given identity (`adjust` may take parts of it away). */
  const as = (
    principal: string,
    adjust: (security: KafkaSecuritySettings) => KafkaSecuritySettings = (security) => security,
  ): Wire => {
    const env = loadConfig('least-privilege', z.object(kafkaVariables), {
      KSB_KAFKA_BROKERS: broker.env.KSB_KAFKA_BROKERS.join(','),
      KSB_REGISTRY_URL: broker.env.KSB_REGISTRY_URL,
      ...localIdentityEnv(principal),
    });
    const security = kafkaSecurity('least-privilege', env);
    if (!security) throw new Error('the local stack has no identities');
    const wire = new Wire({
      brokers: env.KSB_KAFKA_BROKERS,
      registryUrl: env.KSB_REGISTRY_URL,
      clientId: `least-privilege-${principal}`,
      topicSuffix: broker.suffix,
      security: adjust(security),
      logLevel: 'nothing',
      retries: 1,
    });
    wires.push(wire);
    return wire;
  };

  /**
   * Kafka's reason, or for a group the authorizer refused, kafkajs's own error: it swallows FindCoordinator's
   * GROUP_AUTHORIZATION_FAILED and reports that no coordinator was found (the control read with the office's
   * own group, on the same topic and broker, shows the coordinator is there).
   */
  const errorType = (error: unknown): string => {
    for (let e = error as { type?: string; cause?: unknown; name?: string } | undefined; e; e = e.cause as never) {
      if (e.type) return e.type;
      if (e.name === 'KafkaJSGroupCoordinatorNotFound') return 'GROUP_AUTHORIZATION_FAILED';
    }
    return (error as Error).message;
  };

  /**
   * The broker's passing states (a coordinator still loading its partition right after the stack started, a
   * leader moving) are not an answer about access: the probe is asked again, as a real client would retry.
   */
  const PASSING = /LOAD_IN_PROGRESS|COORDINATOR_NOT_AVAILABLE|NOT_COORDINATOR|LEADER_NOT_AVAILABLE|NOT_LEADER/;
  const untilAnswered = async (probe: () => Promise<Access | string>): Promise<Access | string> => {
    let answer = await probe();
    for (let attempt = 1; attempt < 6 && PASSING.test(answer); attempt++) {
      await new Promise((r) => setTimeout(r, 1_000 * attempt));
      answer = await probe();
    }
    return answer;
  };

  /** Writes one record; refused names Kafka's reason. */
  const write = (wire: Wire, logical: string): Promise<Access | string> =>
    untilAnswered(() => writeOnce(wire, logical));
  const writeOnce = async (wire: Wire, logical: string): Promise<Access | string> => {
    try {
      const producer = await wire.producer();
      await producer.send({ topic: wire.topic(logical), acks: -1, messages: [{ key: 'probe', value: 'probe' }] });
      return 'allowed';
    } catch (error) {
      return /AUTHORIZATION_FAILED/.test(errorType(error)) ? 'refused' : `error: ${errorType(error)}`;
    }
  };

  /** Joins a group on the topic and fetches; refused when the group or the topic is not this identity's. */
  const read = (wire: Wire, logical: string, groupId: string): Promise<Access | string> =>
    untilAnswered(() => readOnce(wire, logical, groupId));
  const readOnce = async (wire: Wire, logical: string, groupId: string): Promise<Access | string> => {
    let consumer: ClientConsumer | undefined;
    try {
      consumer = await wire.consumer({
        groupId,
        allowAutoTopicCreation: false,
        // A refused consumer must stay down, not restart itself after the test has its answer.
        retry: { retries: 1, restartOnFailure: async () => false },
      });
      const subscribed = consumer;
      await subscribed.subscribe({ topics: [wire.topic(logical)], fromBeginning: true });
      const fetched = new Promise<Access | string>((resolve) => {
        subscribed.on(subscribed.events.FETCH, () => resolve('allowed'));
        subscribed.on(subscribed.events.CRASH, ({ payload }) =>
          resolve(
            /AUTHORIZATION_FAILED/.test(errorType(payload.error)) ? 'refused' : `error: ${errorType(payload.error)}`,
          ),
        );
      });
      await subscribed.run({ eachMessage: async () => undefined });
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<string>((r) => (timer = setTimeout(() => r('timed out'), 20_000)));
      return await Promise.race([fetched, timedOut]).finally(() => clearTimeout(timer));
    } catch (error) {
      return /AUTHORIZATION_FAILED/.test(errorType(error)) ? 'refused' : `error: ${errorType(error)}`;
    } finally {
      await consumer?.disconnect().catch(() => undefined);
    }
  };

  const officeGroup = (id: string) => `${officeGroupPrefix(id)}${broker.suffix}-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    await broker.createCatalogueTopics();
    await broker.createTopicSpecs(deliveryTopicSpecs(directory, loadPolicy()));
    plan = accessPlan({
      offices,
      auditedTopics: auditedTopics(offices.map((o) => deliveryTopicName(o.id))).map((t) => t.topic),
      topicSuffix: broker.suffix,
    });
    // Only this test's topic rules are added (and removed after): other tests run as the admin.
    const own = plan.filter((r) => r.resourceType !== 'TOPIC' || r.resourceName.endsWith(`.${broker.suffix}`));
    await broker.wire.withAdmin((admin) => createAllowRules(admin, own));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await Promise.all(wires.map((w) => w.close()));
    const own = plan.filter((r) => r.resourceType === 'TOPIC' && r.resourceName.endsWith(`.${broker.suffix}`));
    await broker.wire.withAdmin((admin) => deleteAllowRules(admin, own)).catch(() => undefined);
    await broker.close();
  });

  it('refuses a client without credentials and one with a wrong password', async () => {
    const anonymous = as('ksb-admin', ({ sasl: _sasl, ...tlsOnly }) => tlsOnly);
    await expect(anonymous.withAdmin((admin) => admin.listTopics())).rejects.toThrow();
    const plaintext = as('ksb-admin', () => ({ tls: false }));
    await expect(plaintext.withAdmin((admin) => admin.listTopics())).rejects.toThrow();
    const wrong = as('office-ja-stadt-hilden', (s) => ({
      ...s,
      sasl: { username: 'office-ja-stadt-hilden', password: 'wrong' },
    }));
    await expect(wrong.withAdmin((admin) => admin.listTopics())).rejects.toThrow(/SASL|authentication/i);
  });

  it('lets an office read its own delivery topic and refuses another office’s, with or without its group', async () => {
    const hilden = as(officePrincipal('ja-stadt-hilden'));
    expect(await read(hilden, 'ksb.delivery.ja-stadt-hilden', officeGroup('ja-stadt-hilden'))).toBe('allowed');
    expect(await read(hilden, 'ksb.delivery.ja-stadt-erkrath', officeGroup('ja-stadt-hilden'))).toBe('refused');
    expect(await read(hilden, 'ksb.delivery.ja-stadt-hilden', officeGroup('ja-stadt-erkrath'))).toBe('refused');
  });

  it('lets a police authority read no Jugendamt topic and no office read ingest, routed or dead letters', async () => {
    const police = as(officePrincipal('kpb-mettmann'));
    expect(await read(police, 'ksb.delivery.ja-stadt-hilden', officeGroup('kpb-mettmann'))).toBe('refused');
    for (const topic of ['ksb.ingest.police-notification', 'ksb.routed.police-notification', DEAD_LETTER_TOPIC])
      expect([topic, await read(police, topic, officeGroup('kpb-mettmann'))]).toEqual([topic, 'refused']);
  });

  it('lets an office write only the ingest topics of its role, and no routed, delivery, audit or directory topic', async () => {
    const police = as(officePrincipal('kpb-mettmann'));
    expect(await write(police, 'ksb.ingest.police-notification')).toBe('allowed');
    expect(await write(police, 'ksb.ingest.jugendamt-urgent-notice')).toBe('refused');
    for (const topic of [
      'ksb.routed.police-notification',
      'ksb.delivery.ja-stadt-hilden',
      AUDIT_TRAIL_TOPIC,
      DIRECTORY_SNAPSHOT_TOPIC,
    ])
      expect([topic, await write(police, topic)]).toEqual([topic, 'refused']);
  });

  it('lets each stage do its own job and nothing else', async () => {
    const router = as('ksb-router');
    const redactor = as('ksb-redactor');
    const auditWriter = as('ksb-audit-writer');
    expect(await write(router, 'ksb.delivery.ja-stadt-hilden')).toBe('refused');
    expect(await write(redactor, 'ksb.routed.police-notification')).toBe('refused');
    expect(await write(auditWriter, 'ksb.delivery.ja-stadt-hilden')).toBe('refused');
    expect(await write(as('ksb-gateway'), DIRECTORY_SNAPSHOT_TOPIC)).toBe('refused');
    expect(await read(as('ksb-auditor'), 'ksb.delivery.ja-stadt-hilden', `ksb-auditor.${broker.suffix}`)).toBe(
      'refused',
    );

    // The whole path, every stage as itself: an event from Mettmann's police reaches Hilden and the trail.
    const identity = (principal: string) => localIdentityEnv(principal);
    services.push(
      await startStreamService(broker, 'router', identity('ksb-router')),
      await startStreamService(broker, 'redactor', identity('ksb-redactor')),
      await startAuditWriter({ ...auditWriterEnv(broker, keys.privateKeyFile), ...identity('ksb-audit-writer') }),
    );

    const env = loadConfig('least-privilege', z.object(kafkaVariables), {
      KSB_KAFKA_BROKERS: broker.env.KSB_KAFKA_BROKERS.join(','),
      KSB_REGISTRY_URL: broker.env.KSB_REGISTRY_URL,
      ...identity(officePrincipal('kpb-mettmann')),
    });
    const ingest = await IngestPublisher.connect({
      ...broker.connection('least-privilege-kpb-mettmann'),
      security: kafkaSecurity('least-privilege', env),
    });
    try {
      const content = { ...exampleContent(POLICE_EXAMPLE), envelope: { eventId: randomUUID() } };
      const { eventId } = await ingest.publish('kpb-mettmann', 'police-notification', content);
      const delivered = await waitUntil(
        async () =>
          (await broker.readAll('ksb.delivery.ja-stadt-hilden', 3000)).map((r) => r.header('ksb-source-event-id')),
        (ids) => ids.includes(eventId),
        { what: 'the delivery to Hilden', timeoutMs: 60_000 },
      );
      expect(delivered).toEqual([eventId]);
      const hops = await waitUntil(
        async () => (await collectAudit(broker.wire, { hops: ['RECEIVED'] })).filter((r) => r.eventId === eventId),
        (records) => records.some((r) => r.hop === 'RECEIVED'),
        { what: 'the RECEIVED record', timeoutMs: 60_000 },
      );
      expect(hops.map((r) => r.hop)).toContain('RECEIVED');
    } finally {
      await ingest.close();
    }
  }, 180_000);
});
