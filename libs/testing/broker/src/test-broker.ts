import { TOPIC_CATALOGUE, topicSpec, type TopicSpec } from '@ksb/contracts';
import {
  applyTopicCatalogue,
  decodeMessage,
  rawMessage,
  headerText,
  Wire,
  type ConsumedEvent,
  type RawHeaders,
  type ConsumedRecord,
} from '@ksb/wire';
import { readKeyRing, type Signer } from '@ksb/signatures';
import { brokerTestEnv, localSigningEnv, securityVariables } from './broker-test-env';
import { fileCaseSeal } from '@ksb/case-keys';
import { uniqueGroupId, uniqueSuffix } from './unique-names';
import { waitUntil } from './wait-until';

export interface CollectedMessage {
  readonly topic: string;
  readonly partition: number;
  readonly message: ConsumedRecord;
  header(name: string): string | undefined;
}

/**
 * One per broker test: its own topic suffix and groups on the real broker and registry, and helpers to
 * create the declared topics and read back what arrived on them.
 */
export class TestBroker {
  readonly suffix = uniqueSuffix();
  readonly env: ReturnType<typeof brokerTestEnv>;
  readonly wire: Wire;
  /** Replication of the topics it creates: 1 on the single stack, the cluster's shape in fault tests. */
  private readonly shape: { replicationFactor: number; minInsyncReplicas: number };

  constructor(
    options: {
      brokers?: string[];
      registryUrl?: string;
      replicationFactor?: number;
      /** No TLS and no identity: the security benchmark's plaintext baseline, nothing else. */
      plaintext?: boolean;
    } = {},
  ) {
    const env = brokerTestEnv();
    const anonymous = {
      KSB_KAFKA_CA_FILE: undefined,
      KSB_KAFKA_TLS: undefined,
      KSB_KAFKA_SASL_USERNAME: undefined,
      KSB_KAFKA_SASL_PASSWORD: undefined,
      KSB_KAFKA_SASL_PASSWORD_FILE: undefined,
      security: undefined,
    };
    this.env = {
      ...env,
      ...(options.plaintext ? anonymous : {}),
      KSB_KAFKA_BROKERS: options.brokers ?? env.KSB_KAFKA_BROKERS,
      KSB_REGISTRY_URL: options.registryUrl ?? env.KSB_REGISTRY_URL,
    };
    // Routed records are sealed per case: a test reads them as the stages do, with the local key store.
    const caseKeys = localSigningEnv();
    const replicationFactor = options.replicationFactor ?? 1;
    this.shape = { replicationFactor, minInsyncReplicas: replicationFactor > 1 ? 2 : 1 };
    this.wire = new Wire({
      brokers: this.env.KSB_KAFKA_BROKERS,
      registryUrl: this.env.KSB_REGISTRY_URL,
      clientId: `broker-test-${this.suffix}`,
      topicSuffix: this.suffix,
      security: this.env.security,
      logLevel: 'nothing',
      ...(caseKeys.KSB_CASE_KEY_DIR && caseKeys.KSB_CASE_KEK_FILE
        ? { caseSeal: fileCaseSeal(caseKeys.KSB_CASE_KEY_DIR, caseKeys.KSB_CASE_KEK_FILE) }
        : {}),
    });
  }

  topic(logical: string): string {
    return this.wire.topic(logical);
  }

  /** Creates the named catalogue topics under this test's suffix, with the catalogue's settings. */
  async createTopics(...logical: string[]): Promise<void> {
    await this.createTopicSpecs(logical.map((name) => topicSpec(name)));
  }

  /**
   * Topics outside the static catalogue too (per-office delivery topics), under this test's suffix, with their
   * schemas registered as `ksb topics apply` does: services running as their own identity only look them up.
   */
  async createTopicSpecs(specs: readonly TopicSpec[]): Promise<void> {
    const suffixed = specs.map((spec) => ({ ...spec, name: this.topic(spec.name) }));
    await this.wire.withAdmin((admin) => applyTopicCatalogue(admin, suffixed, this.shape));
    await this.wire.registerTopicSchemas(specs);
  }

  /** Every catalogue topic under this test's suffix: what a service that subscribes to several needs. */
  createCatalogueTopics(): Promise<void> {
    return this.createTopics(...TOPIC_CATALOGUE.map((t) => t.name));
  }

  /** Environment for a service process started by this test (its own topics, group and free port). */
  serviceEnv(extra: Record<string, string> = {}): Record<string, string> {
    return {
      KSB_KAFKA_BROKERS: this.env.KSB_KAFKA_BROKERS.join(','),
      KSB_REGISTRY_URL: this.env.KSB_REGISTRY_URL,
      KSB_TOPIC_SUFFIX: this.suffix,
      ...securityVariables(this.env),
      ...localSigningEnv(),
      ...extra,
    };
  }

  /** Signs as any office with the local stack's agency keys, as each agency's own producer would. */
  signerFor(owner: string): Signer | undefined {
    // Read once: publishers ask for every event they send.
    if (!this.ring) {
      const ring = localSigningEnv().KSB_SIGNING_KEYRING_FILE;
      this.ring = ring ? readKeyRing(ring) : () => undefined;
    }
    return this.ring(owner);
  }
  private ring?: (owner: string) => Signer | undefined;

  /** Connection settings for a client of this test's topics (the producer library, a publisher). */
  connection(clientId: string) {
    return {
      brokers: this.env.KSB_KAFKA_BROKERS,
      registryUrl: this.env.KSB_REGISTRY_URL,
      clientId,
      topicSuffix: this.suffix,
      security: this.env.security,
      signerFor: (owner: string) => this.signerFor(owner),
    };
  }

  /** Reads `count` messages from the start of a topic, or fails naming how many arrived before the timeout. */
  async collectRaw(logical: string, count: number, timeoutMs = 20_000): Promise<CollectedMessage[]> {
    const topic = this.topic(logical);
    const consumer = await this.wire.consumer({ groupId: uniqueGroupId('collect') });
    const collected: CollectedMessage[] = [];
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`expected ${count} message(s) on ${topic}, got ${collected.length} within ${timeoutMs} ms`),
            ),
          timeoutMs,
        );
        void consumer.run({
          eachMessage: async ({ topic: t, partition, message }) => {
            collected.push({
              topic: t,
              partition,
              message,
              header: (name) => headerText(message.headers as RawHeaders, name),
            });
            if (collected.length >= count) {
              clearTimeout(timer);
              resolve();
            }
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
    return collected;
  }

  /**
   * Everything on a topic (committed transactions only), read until nothing new arrives for `idleMs`:
   * for exact counts, where "at least n arrived" is not enough (no duplicates).
   */
  async readAll(logical: string, idleMs = 3000, timeoutMs = 60_000): Promise<CollectedMessage[]> {
    const consumer = await this.wire.consumer({ groupId: uniqueGroupId('read-all'), readUncommitted: false });
    const collected: CollectedMessage[] = [];
    try {
      await consumer.subscribe({ topics: [this.topic(logical)], fromBeginning: true });
      // Idle time counts from the first message: joining the group must not look like an empty topic.
      let last: number | undefined;
      void consumer.run({
        eachMessage: async ({ topic, partition, message }) => {
          collected.push({
            topic,
            partition,
            message,
            header: (name) => headerText(message.headers as RawHeaders, name),
          });
          last = Date.now();
        },
      });
      const started = Date.now();
      const idle = () => (last === undefined ? Date.now() - started > 15_000 : Date.now() - last >= idleMs);
      while (!idle() && Date.now() - started < timeoutMs) await new Promise((r) => setTimeout(r, 200));
    } finally {
      await consumer.disconnect();
    }
    return collected;
  }

  /**
   * Reads the topic until it holds at least `count` committed records (then everything it holds). After a
   * stage was SIGKILLed, its open transaction holds read_committed readers until it is fenced or times out
   * (ADR 0022): a single idle-bounded read would stop at the gap.
   */
  readAtLeast(logical: string, count: number, timeoutMs = 60_000): Promise<CollectedMessage[]> {
    return waitUntil(
      () => this.readAll(logical, 2000),
      (messages) => messages.length >= count,
      { what: `${count} records on ${logical}`, timeoutMs },
    );
  }

  /**
   * Waits until the router has routed an event (a routed record names it as its cause): an office answers
   * only what reached it, and the router checks an answer against what it routed.
   */
  async routed(eventId: string, logical = 'ksb.routed.police-notification', timeoutMs = 45_000): Promise<void> {
    await waitUntil(
      async () => (await this.readAll(logical, 1000)).map((r) => r.header('ksb-causation-id')),
      (causes) => causes.includes(eventId),
      { what: `${eventId} routed on ${logical}`, timeoutMs },
    );
  }

  async collect<T>(logical: string, count: number, timeoutMs?: number): Promise<ConsumedEvent<T>[]> {
    const raw = await this.collectRaw(logical, count, timeoutMs);
    return Promise.all(
      raw.map(({ topic, partition, message }) =>
        decodeMessage<T>(this.wire.codec, rawMessage(topic, partition, message)),
      ),
    );
  }

  /**
   * Deletes every topic under this test's suffix (the ones it created and the ones its services applied),
   * then disconnects. Left behind, thousands of test topics made the local broker slow enough for timing-
   * sensitive tests to fail. A cleanup that fails is reported, not the test's failure.
   */
  async close(): Promise<void> {
    await this.deleteOwnTopics().catch((error: Error) =>
      process.stderr.write(`test topics of ${this.suffix} not deleted: ${error.message}\n`),
    );
    await this.wire.close();
  }

  private deleteOwnTopics(): Promise<void> {
    return this.wire.withAdmin(async (admin) => {
      const own = (await admin.listTopics()).filter((t) => t.endsWith(`.${this.suffix}`));
      if (own.length > 0) await admin.deleteTopics({ topics: own, timeout: 30_000 });
    });
  }
}
