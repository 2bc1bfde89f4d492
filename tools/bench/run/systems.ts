// The systems `npm run bench` measures side by side, each on topics of its own under one broker.
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DELIVERY_HEADER, eventType, SCHEMA_DIR } from '@ksb/contracts';
import { directoryParts, loadDirectory, validateDirectory } from '@ksb/directory';
import { publishDirectory } from '@ksb/directory-feed';
import { loadPolicy } from '@ksb/redaction';
import { deliveryTopicSpecs } from '@ksb/redaction-feature';
import { readKeyRegister, registerEntry, signEvent, type Signer } from '@ksb/signatures';
import { startStreamService, TestBroker, waitUntil, type RunningService } from '@ksb/testing-broker';
import { encodeHeaders, headerText, type RawHeaders, type RegisteredSchema } from '@ksb/wire';
import { serviceStage, startKafkaStreams, startLoopFloorHop, startRawPassthrough, type Stage } from '../peers/peers';
import { benchBroker } from './bench-stack';
import { headerId, type System } from './measure';
import { BRIDGE_NAME } from './names';

const POLICE = eventType('police-notification');
const example = JSON.parse(readFileSync(join(SCHEMA_DIR, 'examples', 'police-notification.hilden.json'), 'utf8'));
const BENCH_ID = 'bench-id';
const DELIVERY = 'ksb.delivery.ja-stadt-hilden';
const OTHER_DELIVERY = 'ksb.delivery.ja-stadt-erkrath';

/** A system with its broker (and topics) and stages, and how to take it down again. */
export interface Running extends System {
  close(): Promise<void>;
}

const closing = (broker: TestBroker, stages: readonly Stage[]) => async () => {
  await Promise.allSettled(stages.map((s) => s.stop()));
  await broker.close();
};

/**
 * Starts a system's stages one after another, then whatever it needs of them running. If anything fails, the
 * stages already started are stopped and the broker connections closed before the error goes on: a run that
 * fails to start must not leave a stage behind to take CPU from every later run.
 */
const startInTurn = async <T extends { stop(): Promise<unknown> }>(
  broker: TestBroker,
  starts: readonly (() => Promise<T>)[],
  then: (started: readonly T[]) => Promise<void> = async () => undefined,
): Promise<T[]> => {
  const started: T[] = [];
  try {
    for (const start of starts) started.push(await start());
    await then(started);
    return started;
  } catch (error) {
    await Promise.allSettled(started.map((s) => s.stop()));
    await broker.close().catch(() => undefined);
    throw error;
  }
};

/** The three topics of a two-hop peer, made on its broker: the canary route's names, under its own suffix. */
const twoHopTopics = async (broker: TestBroker) => {
  await broker.createTopics('ksb.ingest.canary', 'ksb.routed.canary', 'ksb.delivery.canary');
  return {
    input: broker.topic('ksb.ingest.canary'),
    middle: broker.topic('ksb.routed.canary'),
    output: broker.topic('ksb.delivery.canary'),
  };
};

/** The police event the bridge carries, Avro-encoded: the peers pass the same bytes, so sizes match. */
const encodedExample = async (broker: TestBroker): Promise<{ schema: RegisteredSchema; bytes: Buffer }> => {
  const schema = await broker.wire.registerSchema(POLICE.ingestTopic, POLICE.record);
  return { schema, bytes: broker.wire.codec.encode(schema, example) };
};

/** A bridge configured otherwise than by default: what its row adds to the name, and the stages' variables. */
export interface BridgeVariant {
  readonly label: string;
  readonly env?: Record<string, string>;
  /** Offices that registered an encryption key: their deliveries are encrypted to it (ADR 0023). */
  readonly encryptTo?: readonly string[];
}

/**
 * Publishes a directory version in which `offices` have an encryption key (RSA 3072, made here and thrown
 * away: the benchmark measures the redactor's side, no office decrypts) and waits until the redactor uses it.
 */
const registerEncryptionKeys = async (broker: TestBroker, redactor: RunningService, offices: readonly string[]) => {
  const version = `bench-encrypted-${Date.now()}`;
  const keys = offices.map((owner) =>
    registerEntry(generateKeyPairSync('rsa', { modulusLength: 3072 }).publicKey, {
      keyId: `${owner}-bench`,
      owner,
      purpose: 'encryption',
      validFrom: '2020-01-01',
    }),
  );
  const directory = validateDirectory({
    ...directoryParts(loadDirectory()),
    version,
    contacts: [],
    signingKeys: [...readKeyRegister(broker.serviceEnv().KSB_SIGNING_KEYS_FILE), ...keys],
  });
  await publishDirectory(broker.wire, directory, new Date(), broker.signerFor('ksb-directory-maintainer') as Signer);
  await waitUntil(
    async () => redactor.logs.some((l) => l.includes('directory version changed') && l.includes(version)),
    (applied) => applied,
    { what: `redactor on ${version}`, timeoutMs: 30_000 },
  );
};

/** The bridge: producer-library-shaped, signed events → router → redactor → the Jugendamt's delivery topic. */
export const bridge = async (variant?: BridgeVariant): Promise<Running> => {
  const broker = benchBroker();
  await broker.createCatalogueTopics();
  await broker.createTopicSpecs(deliveryTopicSpecs(loadDirectory(), loadPolicy()));
  const { schema } = await encodedExample(broker);
  const signer = broker.signerFor(example.envelope.senderOfficeId);
  if (!signer) throw new Error(`the local stack has no signing key for ${example.envelope.senderOfficeId}`);
  const extra = variant?.env ?? {};
  const services = await startInTurn(
    broker,
    [() => startStreamService(broker, 'router', extra), () => startStreamService(broker, 'redactor', extra)],
    async ([, redactor]) => {
      if (variant?.encryptTo) await registerEncryptionKeys(broker, redactor, variant.encryptTo);
    },
  );
  const stages = services.map(serviceStage);
  return {
    name: variant ? `${BRIDGE_NAME}, ${variant.label}` : BRIDGE_NAME,
    broker,
    input: broker.topic(POLICE.ingestTopic),
    output: broker.topic(DELIVERY),
    stages,
    // As the producer library does: the agency's Ed25519 signature over the encoded event.
    event: (id) => {
      const bytes = broker.wire.codec.encode(schema, {
        ...example,
        envelope: { ...example.envelope, eventId: id, correlationId: id, recordedAt: new Date().toISOString() },
      });
      const headers = encodeHeaders({
        eventId: id,
        correlationId: id,
        producer: 'bench',
        schemaSubject: schema.subject,
        schemaVersion: schema.version,
      });
      return { key: id, value: bytes, headers: { ...headers, ...signEvent(POLICE.ingestTopic, bytes, signer) } };
    },
    idOf: (record) => headerText(record.headers as RawHeaders, DELIVERY_HEADER.sourceEventId),
    close: closing(broker, stages),
  };
};

/** The baseline: one plain kafkajs consume → produce hop of the same bytes. */
export const rawPassthrough = async (): Promise<Running> => {
  const broker = benchBroker();
  await broker.createTopics('ksb.ingest.canary', 'ksb.routed.canary');
  const { bytes } = await encodedExample(broker);
  const [stage] = await startInTurn(broker, [
    () => startRawPassthrough(broker.topic('ksb.ingest.canary'), broker.topic('ksb.routed.canary')),
  ]);
  return {
    name: 'raw passthrough: one kafkajs consume → produce hop, no decode, no transaction',
    broker,
    input: broker.topic('ksb.ingest.canary'),
    output: broker.topic('ksb.routed.canary'),
    stages: [stage],
    event: (id) => ({ key: id, value: bytes, headers: { [BENCH_ID]: id } }),
    idOf: headerId(BENCH_ID),
    close: closing(broker, [stage]),
  };
};

/** The peer: Kafka Streams, two hops, exactly_once_v2, at its default commit interval or the one given. */
export const kafkaStreams = async (commitIntervalMs?: number): Promise<Running> => {
  const broker = benchBroker();
  const topics = await twoHopTopics(broker);
  const { bytes } = await encodedExample(broker);
  const [stage] = await startInTurn(broker, [() => startKafkaStreams(broker, topics, commitIntervalMs)]);
  return {
    name: `Kafka Streams: two hops, exactly_once_v2, commit interval ${commitIntervalMs === undefined ? 'default (100 ms)' : `${commitIntervalMs} ms`}`,
    broker,
    input: topics.input,
    output: topics.output,
    stages: [stage],
    event: (id) => ({ key: id, value: bytes, headers: { [BENCH_ID]: id } }),
    idOf: headerId(BENCH_ID),
    close: closing(broker, [stage]),
  };
};

/**
 * The floor under the bridge: two hops of the stages' own librdkafka loop (a transaction per poll) that only
 * check the agency's signature (hop 1) and sign the delivery (hop 2), on events signed as the bridge's are.
 * Whatever the bridge's stages spend above it is their Avro, routing, redaction, case seals and reports.
 */
export const loopFloor = async (): Promise<Running> => {
  const broker = benchBroker();
  const topics = await twoHopTopics(broker);
  // The example's second recipient: its deliveries are written and paid for, not measured.
  await broker.createTopicSpecs(
    deliveryTopicSpecs(loadDirectory(), loadPolicy()).filter((spec) => spec.name === OTHER_DELIVERY),
  );
  const { bytes } = await encodedExample(broker);
  const sender = example.envelope.senderOfficeId as string;
  const signer = broker.signerFor(sender);
  if (!signer) throw new Error(`the local stack has no signing key for ${sender}`);
  const signatures = {
    logicalInput: POLICE.ingestTopic,
    signedAs: sender,
    recipients: ['ja-stadt-hilden', 'ja-stadt-erkrath'],
  };
  const stages = await startInTurn(broker, [
    () => startLoopFloorHop('verify', { input: topics.input, output: topics.middle, otherOutput: '' }, signatures),
    () =>
      startLoopFloorHop(
        'sign',
        { input: topics.middle, output: topics.output, otherOutput: broker.topic(OTHER_DELIVERY) },
        signatures,
      ),
  ]);
  const signature = signEvent(POLICE.ingestTopic, bytes, signer);
  return {
    name: 'floor: the stage loop on librdkafka, two hops, only the signatures (verify; sign for 2 offices), no decode',
    broker,
    input: topics.input,
    output: topics.output,
    stages,
    event: (id) => ({
      key: id,
      value: bytes,
      headers: {
        ...encodeHeaders({
          eventId: id,
          correlationId: id,
          producer: 'bench',
          schemaSubject: 'bench',
          schemaVersion: 1,
        }),
        ...signature,
        [BENCH_ID]: id,
      },
    }),
    idOf: headerId(BENCH_ID),
    close: closing(broker, stages),
  };
};
