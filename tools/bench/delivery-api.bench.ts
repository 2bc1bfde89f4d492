// Benchmark (not a test): the recipient side. (1) Time from the gateway's 202 to the delivery showing in the
// recipient's long poll, at 100 and 1,000 events/s offered, split into the pipeline's share (accept → record
// on the delivery topic) and the API's (record → long poll). (2) Pulling a backlog page by page over HTTP
// against a raw kafkajs consume of the same topic, in the same run. Run: npm run bench:delivery
// (KSB_BENCH_SECONDS per rate, default 20; KSB_BENCH_RATES, default "100,1000").
import { appendFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { loadDirectory } from '@ksb/directory';
import { loadPolicy } from '@ksb/redaction';
import { deliveryTopicSpecs } from '@ksb/redaction-feature';
import {
  startDeliveryApi,
  startGateway,
  startStreamServices,
  TestBroker,
  uniqueGroupId,
  type RunningService,
} from '@ksb/testing-broker';
import { example, percentile } from './pipeline-run';

const SECONDS = Number(process.env.KSB_BENCH_SECONDS ?? 20);
const RATES = (process.env.KSB_BENCH_RATES ?? '100,1000').split(',').map(Number);
const DRAIN_MS = 120_000;
const SENDER = 'kpb-mettmann';
const RECIPIENT = 'ja-stadt-hilden';

type Listed = { id: string; correlationId: string; receivedAt: string };
interface Stage {
  rate: number;
  accepted: number;
  refused: Map<string, number>;
  delivered: number;
  total: number[];
  pipeline: number[];
  api: number[];
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `${percentile(sorted, 50) ?? '–'} / ${percentile(sorted, 99) ?? '–'}`;
};

const main = async () => {
  const broker = new TestBroker();
  await broker.createCatalogueTopics();
  await broker.createTopicSpecs(deliveryTopicSpecs(loadDirectory(), loadPolicy()));
  const services: RunningService[] = await startStreamServices(broker, 'router', 'redactor');
  const gateway = await startGateway(broker, [SENDER], {
    KSB_GATEWAY_RATE_BURST: '5000',
    KSB_GATEWAY_RATE_PER_SECOND: '5000',
  });
  const api = await startDeliveryApi(broker, [RECIPIENT]);
  services.push(gateway.service, api.service);
  const { envelope: _envelope, ...content } = example as Record<string, unknown>;
  const body = JSON.stringify(content);
  const post = () =>
    fetch(`${gateway.baseUrl}/v1/events/police-notification`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': gateway.keys[SENDER] },
      body,
    });
  const list = async (after: string, wait: number) =>
    (await (
      await fetch(`${api.baseUrl}/v1/deliveries?after=${after}&wait=${wait}`, {
        headers: { 'x-api-key': api.keys[RECIPIENT] },
      })
    ).json()) as { deliveries: Listed[]; cursor: string };

  // Warm-up: one event the whole way, so no stage is still joining its group when the clock starts.
  await post();
  let cursor = '';
  for (let page = await list('', 30); ; page = await list(cursor, 30)) {
    cursor = page.cursor;
    if (page.deliveries.length > 0) break;
  }

  const stages: Stage[] = [];
  for (const rate of RATES) {
    const stage: Stage = { rate, accepted: 0, refused: new Map(), delivered: 0, total: [], pipeline: [], api: [] };
    const refuse = (why: string): void => void stage.refused.set(why, (stage.refused.get(why) ?? 0) + 1);
    const refusedCount = () => [...stage.refused.values()].reduce((a, b) => a + b, 0);
    const acceptedAt = new Map<string, number>();
    // A delivery can be listed before this process has read its 202 (a busy event loop): kept until it has.
    const listedEarly = new Map<string, { listed: number; recorded: number }>();
    const total = rate * SECONDS;
    let polling = true;
    const count = (accepted: number, listed: number, recorded: number) => {
      stage.delivered++;
      stage.total.push(Math.max(0, listed - accepted));
      stage.pipeline.push(Math.max(0, recorded - accepted));
      stage.api.push(listed - recorded);
    };
    const poller = (async () => {
      while (polling) {
        const page = await list(cursor, 5);
        const now = Date.now();
        cursor = page.cursor;
        for (const d of page.deliveries) {
          const accepted = acceptedAt.get(d.correlationId);
          const recorded = Date.parse(d.receivedAt);
          if (accepted === undefined) listedEarly.set(d.correlationId, { listed: now, recorded });
          else count(accepted, now, recorded);
        }
        if (stage.delivered >= stage.accepted && stage.accepted + refusedCount() >= total) polling = false;
      }
    })();
    const started = Date.now();
    const inFlight: Promise<void>[] = [];
    for (let sent = 0; sent < total;) {
      const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * rate) + 1);
      for (; sent < due; sent++)
        inFlight.push(
          post().then(
            async (r) => {
              const answer = (await r.json()) as { correlationId?: string; code?: string };
              if (r.status !== 202 || !answer.correlationId)
                return void refuse(`${r.status} ${answer.code ?? ''}`.trim());
              const now = Date.now();
              acceptedAt.set(answer.correlationId, now);
              stage.accepted++;
              const early = listedEarly.get(answer.correlationId);
              if (early) count(now, early.listed, early.recorded);
            },
            (error: Error) => refuse(error.message),
          ),
        );
      await new Promise((r) => setTimeout(r, 10));
    }
    await Promise.all(inFlight);
    const deadline = Date.now() + DRAIN_MS;
    while (polling && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    polling = false;
    await poller;
    stages.push(stage);
    process.stderr.write(`${rate}/s: ${stage.delivered}/${stage.accepted} delivered\n`);
  }

  // Pull throughput: every delivery of the run, from the start, page by page, against a raw consume.
  const topic = broker.topic(`ksb.delivery.${RECIPIENT}`);
  const pullStart = Date.now();
  let pulled = 0;
  for (let after = '', page = await list('', 0); page.deliveries.length > 0; page = await list(after, 0)) {
    pulled += page.deliveries.length;
    after = page.cursor;
  }
  const pullMs = Date.now() - pullStart;
  const consumer = await broker.wire.consumer({ groupId: uniqueGroupId('bench-raw-pull'), maxWaitTimeInMs: 100 });
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let consumed = 0;
  // From the moment the consumer is in its group (the HTTP pull needs no join either) to its last record.
  let rawStart = 0;
  consumer.on(consumer.events.GROUP_JOIN, () => (rawStart = Date.now()));
  const rawMs = await new Promise<number>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        consumed += batch.messages.length;
        // The same records the HTTP pull read (offsets also count transaction markers, records do not).
        if (consumed >= pulled) resolve(Date.now() - rawStart);
      },
    });
  });
  await consumer.disconnect();
  await Promise.all(services.map((s) => s.stop()));
  await broker.close();

  const pullRate = pulled / (pullMs / 1000);
  const rawRate = consumed / (rawMs / 1000);
  const report = [
    `## Delivery API — run ${new Date().toISOString()}, ${SECONDS} s per rate, ${cpus().length} cores`,
    '',
    '| offered events/s | accepted | delivered to the long poll | accept → long poll p50 / p99 ms | accept → delivery record p50 / p99 ms | record → long poll p50 / p99 ms |',
    '| --- | --- | --- | --- | --- | --- |',
    ...stages.map(
      (s) =>
        `| ${s.rate} | ${s.accepted}${s.refused.size ? ` (refused: ${[...s.refused].map(([why, n]) => `${n}× ${why}`).join(', ')})` : ''} | ${s.delivered} | ${stats(s.total)} | ${stats(s.pipeline)} | ${stats(s.api)} |`,
    ),
    '',
    `Pull from the start: ${pulled} deliveries over HTTP (pages of 100) at ${pullRate.toFixed(0)}/s; a raw kafkajs consume of the same topic (${consumed} records, no decode) at ${rawRate.toFixed(0)}/s. **HTTP pull / raw consume: ${(pullRate / rawRate).toFixed(2)}**. Command: \`KSB_BENCH_SECONDS=${SECONDS} KSB_BENCH_RATES=${RATES.join(',')} npm run bench:delivery\`.`,
    '',
  ].join('\n');
  appendFileSync(join(__dirname, '..', '..', 'docs', 'benchmarks', 'delivery-api.md'), `${report}\n`);
  process.stdout.write(`${report}\n`);
  process.exit(0);
};

void main();
