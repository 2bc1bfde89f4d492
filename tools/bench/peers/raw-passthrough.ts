// The benchmark's baseline as a process of its own (so its CPU is counted like the stages'): a plain
// consume → produce of the same bytes, one hop, no decoding and no transaction. Started by peers.ts.
import { uniqueGroupId } from '@ksb/testing-broker';
import { benchBroker } from '../run/bench-stack';

const [input, output] = [process.env.KSB_BENCH_INPUT ?? '', process.env.KSB_BENCH_OUTPUT ?? ''];

const main = async () => {
  // Only its wire is used: the physical topics come from the benchmark, which owns and deletes them.
  const { wire } = benchBroker();
  const producer = await wire.producer();
  const consumer = await wire.consumer({ groupId: uniqueGroupId('bench-passthrough'), maxWaitTimeInMs: 100 });
  await consumer.subscribe({ topics: [input], fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch, resolveOffset }) => {
      await producer.send({
        topic: output,
        acks: -1,
        messages: batch.messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
      });
      resolveOffset(batch.messages[batch.messages.length - 1].offset);
    },
  });
  process.stdout.write('RUNNING\n');
  process.once('SIGTERM', () => void wire.close().finally(() => process.exit(0)));
};

void main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
