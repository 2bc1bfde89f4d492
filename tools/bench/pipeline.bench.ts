// Benchmark (not a test): the whole pipeline against a raw kafkajs consume → produce passthrough, on the
// same broker in the same run. Run: npm run bench   (KSB_BENCH_RATE events/s offered, KSB_BENCH_SECONDS)
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { loadDirectory } from '@ksb/directory';
import { loadPolicy } from '@ksb/redaction';
import { deliveryTopicSpecs } from '@ksb/redaction-feature';
import { TestBroker } from '@ksb/testing-broker';
import { passthrough, pipeline, POLICE, RATE, SECONDS, type Result } from './pipeline-run';

const main = async () => {
  const broker = new TestBroker();
  await broker.createCatalogueTopics();
  await broker.createTopicSpecs(deliveryTopicSpecs(loadDirectory(), loadPolicy()));
  const policeSchema = await broker.wire.registerSchema('ksb.ingest.police-notification', POLICE);
  // The passthrough copies the very bytes the pipeline ingests, on topics of its own (no service reads them).
  const raw = new TestBroker();
  await raw.createTopics('ksb.ingest.canary', 'ksb.routed.canary');
  const baseline = await passthrough(raw, policeSchema);
  await raw.close();
  const measured = await pipeline(broker, policeSchema);
  await broker.close();

  const ratio = measured.perSecond / baseline.perSecond;
  const row = (r: Result) =>
    `| ${r.name} | ${r.delivered} | ${r.perSecond.toFixed(0)} | ${r.p50} | ${r.p95} | ${r.p99} |`;
  const report = [
    `## Run ${new Date().toISOString()} — ${RATE} events/s offered for ${SECONDS} s, ${cpus().length} cores`,
    '',
    '| path | delivered | events/s | p50 ms | p95 ms | p99 ms |',
    '| --- | --- | --- | --- | --- | --- |',
    row(baseline),
    row(measured),
    '',
    `Pipeline throughput / passthrough throughput: **${ratio.toFixed(2)}**. Command: \`KSB_BENCH_RATE=${RATE} KSB_BENCH_SECONDS=${SECONDS} npm run bench\`.`,
    '',
  ].join('\n');
  const file = join(__dirname, '..', '..', 'docs', 'benchmarks.md');
  if (!existsSync(file))
    writeFileSync(
      file,
      '# Benchmarks\n\nWritten by `npm run bench` (tools/bench/pipeline.bench.ts); each run appends a section.\n\n',
    );
  appendFileSync(file, `${report}\n`);
  process.stdout.write(`${report}\n`);
  process.exit(0);
};

void main();
