// The floor under the bridge's CPU per event, as a process of its own: the stages' own transactional loop
// on librdkafka (one transaction per poll), passing the same bytes on with only the work no design change
// can drop — hop 1 checks the agency's Ed25519 signature as the router does, hop 2 signs the delivery as the
// redactor does, one delivery per recipient (the bench's event goes to two offices). No Avro, routing,
// redaction, case seals, reports or audit records. Two of these, one per hop, are started by peers.ts; what
// the bridge spends above them is what the stages' domain work costs.
import { Compression, headersAsText, stageLoop, type ConsumedRecord, type OutgoingRecord } from '@ksb/wire';
import { checkEventSignature, readKeyRegister, readSigner, signDelivery } from '@ksb/signatures';
import { uniqueGroupId } from '@ksb/testing-broker';
import { benchBroker } from '../run/bench-stack';

const { KSB_BENCH_INPUT = '', KSB_BENCH_OUTPUT = '', KSB_BENCH_HOP = '', KSB_BENCH_SIGNED_AS = '' } = process.env;
const { KSB_BENCH_LOGICAL_INPUT = '', KSB_BENCH_RECIPIENTS = '', KSB_BENCH_OTHER_OUTPUT = '' } = process.env;
/** The first recipient's delivery goes to the measured output, the others' to a topic of their own. */
const RECIPIENTS = KSB_BENCH_RECIPIENTS.split(',');

const main = async () => {
  const broker = benchBroker();
  const env = broker.serviceEnv();
  const keys = readKeyRegister(env.KSB_SIGNING_KEYS_FILE);
  const signer = readSigner(env.KSB_REDACTOR_SIGNING_KEY_ID, env.KSB_REDACTOR_SIGNING_KEY_FILE);
  const now = new Date();

  const onward = (topic: string, record: ConsumedRecord, headers: Record<string, string>): OutgoingRecord => ({
    topic,
    compression: Compression.None,
    message: { key: record.key, value: record.value, headers },
  });

  /** A record's outputs with the hop's signature work; a signature that fails stops the run. */
  const pass = (record: ConsumedRecord): OutgoingRecord[] => {
    const headers = headersAsText(record.headers);
    if (KSB_BENCH_HOP === 'verify') {
      const check = checkEventSignature(
        { topic: KSB_BENCH_LOGICAL_INPUT, value: record.value, headers, sender: KSB_BENCH_SIGNED_AS },
        keys,
        now,
      );
      if (!check.ok) throw new Error(`bench event not verified: ${check.explanation}`);
      return [onward(KSB_BENCH_OUTPUT, record, headers)];
    }
    const value = record.value ?? Buffer.alloc(0);
    return RECIPIENTS.map((recipient, i) =>
      onward(i === 0 ? KSB_BENCH_OUTPUT : KSB_BENCH_OTHER_OUTPUT, record, {
        ...headers,
        ...signDelivery(recipient, value, signer),
      }),
    );
  };

  const loop = stageLoop({
    wire: broker.wire,
    name: `floor-${KSB_BENCH_HOP}`,
    groupId: uniqueGroupId(`bench-floor-${KSB_BENCH_HOP}`),
    topics: [KSB_BENCH_INPUT],
    client: { kind: 'librdkafka', transactionalId: uniqueGroupId(`bench-floor-${KSB_BENCH_HOP}`) },
    work: {
      prepare: async (_topic, _partition, slice) => ({ records: slice.flatMap(pass), eventIds: [] }),
      log: () => undefined,
    },
  });
  await loop.start();
  process.stdout.write('RUNNING\n');
  process.once('SIGTERM', () => void loop.stop(false).finally(() => process.exit(0)));
};

void main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
