import { NAMESPACE_ROOT, TOPIC_CATALOGUE } from '@ksb/contracts';
import { brokerNode } from '@ksb/testing-broker';
import { frame, Compression } from '@ksb/wire';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { directoryParts, loadDirectory, validateDirectory } from '@ksb/directory';
import { publishDirectory } from '@ksb/directory-feed';
import { readKeyRegister } from '@ksb/signatures';
import { ACK_EXAMPLE, exampleEvent } from '../broker/ingest/example-events';
import { STAGES, type FaultRun, type Stage } from './fault-harness';
import { expectClean, RATE, runScenario, SECONDS, sleep, type Injected } from './scenario';

const TIMEOUT = 15 * 60_000;

/** The Kafka node leading partition 0 of the police ingest topic. */
const ingestLeader = async (run: FaultRun): Promise<number> => {
  const topic = run.broker.topic('ksb.ingest.police-notification');
  const metadata = await run.broker.wire.withAdmin((admin) => admin.fetchTopicMetadata({ topics: [topic] }));
  return metadata.topics[0].partitions.find((p) => p.partitionId === 0)?.leader ?? 1;
};

const killStage =
  (stage: Stage) =>
  async (run: FaultRun): Promise<Injected> => {
    await run.stage(stage).kill();
    // The supervisor (Kubernetes, compose, npm start) starts it again; the harness does the same.
    await run.startStage(stage);
    return { faultEnded: Date.now(), broken: [stage] };
  };

const freezeStage =
  (stage: Stage) =>
  async (run: FaultRun): Promise<Injected> => {
    run.stage(stage).signal('SIGSTOP');
    // Past the 10 s session time-out: the group drops it, its open transaction waits.
    await sleep(20_000);
    run.stage(stage).signal('SIGCONT');
    return { faultEnded: Date.now(), broken: [stage] };
  };

const ACK_RECORD = `${NAMESPACE_ROOT}.feedback.Acknowledgement`;
const CONSUMED = [
  ...TOPIC_CATALOGUE.filter((t) => /^ksb\.(ingest|routed)\./.test(t.name) && !t.name.endsWith('canary')).map(
    (t) => t.name,
  ),
];
const AUDIT_ONLY = ['ksb.ops.dead-letter', 'ksb.audit.redaction-reports', 'ksb.delivery.ja-stadt-hilden'];

/** Every poison class of "no record can stop a stage" on every topic a stage consumes. */
const poison = async (run: FaultRun): Promise<Injected> => {
  const { broker } = run;
  const producer = await broker.wire.producer();
  const send = (topic: string, value: Buffer, compression: Compression) =>
    producer.send({ topic: broker.topic(topic), compression, acks: -1, messages: [{ key: 'poison', value }] });
  for (const topic of [...CONSUMED, ...AUDIT_ONLY]) {
    const other = await broker.wire.codec
      .register(broker.topic(topic), ACK_RECORD, 'FULL_TRANSITIVE')
      .catch(() => broker.wire.codec.register(broker.topic(topic), ACK_RECORD, 'BACKWARD_TRANSITIVE'));
    const foreign = broker.wire.codec.encode(other, exampleEvent(ACK_EXAMPLE));
    await send(topic, Buffer.from('garbage, not framed'), Compression.ZSTD);
    await send(topic, frame(2_000_000_000, Buffer.from([1, 2, 3])), Compression.Snappy);
    await send(topic, foreign.subarray(0, foreign.length - 7), Compression.LZ4);
    if (!topic.includes('acknowledgement')) await send(topic, foreign, Compression.GZIP);
    if (CONSUMED.includes(topic)) {
      await send(topic, frame(other.id, randomBytes(1_100_000)), Compression.None);
      // Sealed frames (ADR 0023): one naming a case key no store ever held, one of an unknown seal version.
      const unknownKey = Buffer.from(`${'0'.repeat(32)}.zzzzzzzz0000.7`, 'ascii');
      await send(
        topic,
        Buffer.concat([Buffer.from('KSBS'), Buffer.from([1, unknownKey.length]), unknownKey, randomBytes(48)]),
        Compression.Snappy,
      );
      await send(topic, Buffer.concat([Buffer.from('KSBS'), Buffer.from([9]), randomBytes(60)]), Compression.None);
    }
  }
  await producer.disconnect();
  return { faultEnded: Date.now(), broken: [] };
};

const HAAN = 'ja-stadt-haan';

/**
 * An attacker who can write the directory topic (a stolen client credential) but has not the maintainer's key
 * publishes a version that re-points Hilden's families to Haan, signed with a key of their own under the
 * maintainer's key id. Router and redactor must refuse it and go on with the version they have, unbroken.
 */
const forgedDirectory =
  (seen: { haanDeliveries: number; refusedBy: string[] }) =>
  async (run: FaultRun): Promise<Injected> => {
    const current = loadDirectory();
    const moved = validateDirectory({
      ...directoryParts(current),
      version: `${current.version}.forged`,
      municipalities: current.municipalities.map((m) => (m.ags === '05158016' ? { ...m, jugendamtId: HAAN } : m)),
      contacts: [],
      signingKeys: readKeyRegister(run.broker.serviceEnv().KSB_SIGNING_KEYS_FILE),
    });
    const forger = { keyId: 'ksb-directory-maintainer-local-1', privateKey: generateKeyPairSync('ed25519').privateKey };
    await publishDirectory(run.broker.wire, moved, new Date(), forger);
    await sleep(20_000);
    seen.refusedBy = (['router', 'redactor'] as const).filter((s) =>
      run.stage(s).logs.some((l) => l.includes('directory snapshot refused')),
    );
    seen.haanDeliveries = (await run.broker.readAll(`ksb.delivery.${HAAN}`, 2000, 30_000)).length;
    return { faultEnded: Date.now(), broken: [] };
  };

const raiseLimits = async (run: FaultRun) =>
  run.broker.wire.withAdmin((admin) =>
    admin.alterConfigs({
      validateOnly: false,
      resources: CONSUMED.map((t) => ({
        type: 2,
        name: run.broker.topic(t),
        configEntries: [{ name: 'max.message.bytes', value: String(2 * 1024 * 1024) }],
      })),
    }),
  );

describe('fault suite on the three-node cluster (faults)', () => {
  it(
    'SIGKILL of the partition leader broker and its return',
    async () => {
      const outcome = await runScenario('leader broker SIGKILLed, back after 10 s', 'cluster', async (run) => {
        const leader = await ingestLeader(run);
        await brokerNode('kill', leader, true);
        await sleep(10_000);
        await brokerNode('start', leader, true);
        return { faultEnded: Date.now(), broken: [] };
      });
      expectClean(outcome);
    },
    TIMEOUT,
  );

  for (const stage of STAGES)
    it(
      `SIGKILL of the ${stage}`,
      async () => expectClean(await runScenario(`${stage} SIGKILLed and restarted`, 'cluster', killStage(stage))),
      TIMEOUT,
    );

  for (const stage of ['router', 'redactor'] as const)
    it(
      `SIGSTOP of the ${stage} past its session time-out, then SIGCONT`,
      async () => expectClean(await runScenario(`${stage} SIGSTOPped 20 s, SIGCONT`, 'cluster', freezeStage(stage))),
      TIMEOUT,
    );

  it(
    'every poison class on every consumed topic',
    async () => {
      const outcome = await runScenario('poison on every consumed topic', 'cluster', poison, { prepare: raiseLimits });
      expectClean(outcome);
      // Router and redactor dead-letter what they cannot process (seven poison records per consumed topic, six
      // on the acknowledgement topics); the audit writer records the rest as undecodable. The four written
      // straight onto the dead-letter topic are counted there too.
      expect(outcome.result.deadLetters).toBe(CONSUMED.length * 7 - 2 + 4);
      expect(Object.keys(outcome.result.exits)).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'a forged directory version re-pointing Hilden to Haan, published mid-stream',
    async () => {
      const seen = { haanDeliveries: -1, refusedBy: [] as string[] };
      const outcome = await runScenario('forged directory published mid-stream', 'cluster', forgedDirectory(seen));
      // Had either stage taken it, Hilden's notifications from then on would be missing there (lost) and in Haan.
      expectClean(outcome);
      expect(seen).toEqual({ haanDeliveries: 0, refusedBy: ['router', 'redactor'] });
      expect(Object.keys(outcome.result.exits)).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'a backlog of over 20,000 events after router and redactor were down',
    async () => {
      const downSeconds = Math.ceil(20_500 / RATE);
      const outcome = await runScenario(
        `router and redactor down ${downSeconds} s (backlog ≥ 20,000)`,
        'cluster',
        async (run) => {
          await Promise.all([run.stage('router').stop(), run.stage('redactor').stop()]);
          await sleep(downSeconds * 1000);
          await Promise.all([run.startStage('router'), run.startStage('redactor')]);
          return { faultEnded: Date.now(), broken: ['router', 'redactor'] };
        },
        { seconds: Math.max(SECONDS, downSeconds + 30) },
      );
      expectClean(outcome);
    },
    TIMEOUT,
  );
});
