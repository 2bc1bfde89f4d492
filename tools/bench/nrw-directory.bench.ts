// Benchmark (not a test): the directory at all-NRW size (396 municipalities, 186 Jugendämter, 47 police
// authorities; synthetic office assignment over the real register) against the shipped five-Kreise
// directory, in the same run: load and validate the files, publish the snapshot to the broker, take it back
// from the topic (what a router does before switching), and routing decisions per second.
// Run: npm run bench:directory   (KSB_BENCH_ROUNDS, KSB_BENCH_DECISIONS)
import { generateKeyPairSync } from 'node:crypto';
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DIRECTORY_SNAPSHOT_TOPIC, RECORD } from '@ksb/contracts';
import {
  fromSnapshot,
  parseDirectory,
  readDirectoryFiles,
  syntheticNrwFiles,
  toSnapshot,
  type Directory,
  type DirectoryFiles,
} from '@ksb/directory';
import { publishDirectory } from '@ksb/directory-feed';
import { routeEvent, POLICE_NOTIFICATION } from '@ksb/routing-rules';
// The routing rules' own test events, so the benchmark routes what the unit tests route; not part of the lib's API.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { at, child, parent, policeNotification } from '../../libs/routing/rules/src/test-events';
import { TestBroker } from '@ksb/testing-broker';

const ROUNDS = Number(process.env.KSB_BENCH_ROUNDS ?? 20);
const DECISIONS = Number(process.env.KSB_BENCH_DECISIONS ?? 20_000);
const OUT = join(__dirname, '..', '..', 'docs', 'benchmarks', 'nrw-directory.md');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const timed = async (work: () => unknown | Promise<unknown>) => {
  const started = performance.now();
  await work();
  return performance.now() - started;
};

interface Figures {
  loadMs: number;
  publishMs: number;
  snapshotBytes: number;
  applyMs: number;
  decisionsPerSecond: number;
}

const decisionsPerSecond = (directory: Directory) => {
  const events = directory.municipalities.map((m) =>
    policeNotification({
      incident: { occurredAt: '2026-12-05T04:40:00.000Z', place: at(m.ags) },
      children: [child({ currentWhereabouts: at(m.ags), lastLivedWith: ['p1'] })],
      custodyHolders: [parent('p1', at(m.ags))],
    }),
  );
  const now = new Date();
  for (let i = 0; i < 2000; i++) routeEvent(POLICE_NOTIFICATION, events[i % events.length], directory, now); // warm-up
  const started = performance.now();
  for (let i = 0; i < DECISIONS; i++) {
    const outcome = routeEvent(POLICE_NOTIFICATION, events[i % events.length], directory, now);
    if (outcome.kind !== 'routed') throw new Error(`not routed: ${JSON.stringify(outcome)}`);
  }
  return DECISIONS / ((performance.now() - started) / 1000);
};

// Signing is part of publishing: a key of the bench's own, the snapshot is never read by a service here.
const maintainer = { keyId: 'bench-maintainer', privateKey: generateKeyPairSync('ed25519').privateKey };

const measure = async (broker: TestBroker, files: DirectoryFiles): Promise<Figures> => {
  const load: number[] = [];
  const publish: number[] = [];
  const apply: number[] = [];
  let directory = parseDirectory(files);
  let snapshotBytes = 0;
  for (let round = 0; round < ROUNDS; round++) {
    load.push(await timed(() => (directory = parseDirectory(files))));
    publish.push(await timed(() => publishDirectory(broker.wire, directory, new Date(), maintainer)));
    const snapshot = toSnapshot(directory, new Date());
    const schema = await broker.wire.registerSchema(DIRECTORY_SNAPSHOT_TOPIC, RECORD.DirectorySnapshot);
    const bytes = await broker.wire.codec.encode(schema, snapshot);
    snapshotBytes = bytes.length;
    apply.push(await timed(async () => fromSnapshot((await broker.wire.codec.decode<typeof snapshot>(bytes)).value)));
  }
  return {
    loadMs: median(load),
    publishMs: median(publish),
    snapshotBytes,
    applyMs: median(apply),
    decisionsPerSecond: decisionsPerSecond(directory),
  };
};

const main = async () => {
  const broker = new TestBroker();
  try {
    await broker.createCatalogueTopics();
    const shipped = readDirectoryFiles();
    const five = await measure(broker, shipped);
    const nrw = await measure(broker, syntheticNrwFiles(shipped));
    const ratio = (a: number, b: number) => (a / b).toFixed(2);
    const rows = [
      [
        'directory load + validation (median ms)',
        five.loadMs.toFixed(1),
        nrw.loadMs.toFixed(1),
        ratio(nrw.loadMs, five.loadMs),
      ],
      [
        'snapshot publish to the broker (median ms)',
        five.publishMs.toFixed(1),
        nrw.publishMs.toFixed(1),
        ratio(nrw.publishMs, five.publishMs),
      ],
      [
        'snapshot size (bytes, Avro)',
        String(five.snapshotBytes),
        String(nrw.snapshotBytes),
        ratio(nrw.snapshotBytes, five.snapshotBytes),
      ],
      [
        'snapshot decode + validation before switching (median ms)',
        five.applyMs.toFixed(1),
        nrw.applyMs.toFixed(1),
        ratio(nrw.applyMs, five.applyMs),
      ],
      [
        'routing decisions per second (one thread)',
        five.decisionsPerSecond.toFixed(0),
        nrw.decisionsPerSecond.toFixed(0),
        ratio(nrw.decisionsPerSecond, five.decisionsPerSecond),
      ],
    ];
    const table = [
      '| measure | five Kreise (65 municipalities, 39 offices) | all NRW (396, 249 offices) | NRW ÷ five Kreise |',
      '| --- | --- | --- | --- |',
      ...rows.map((r) => `| ${r.join(' | ')} |`),
    ].join('\n');
    const header = `## Run of ${new Date().toISOString()} (${cpus().length} cores, ${ROUNDS} rounds, ${DECISIONS} decisions)\n\n`;
    if (!existsSync(OUT))
      writeFileSync(
        OUT,
        '# Directory at NRW size\n\nRerun: `npm run bench:directory`. The NRW directory is the real register with a synthetic office\nassignment (`syntheticNrwFiles`); ratios are against the shipped directory measured in the same run.\n\n',
      );
    appendFileSync(OUT, `${header}${table}\n\n`);
    process.stdout.write(`${table}\n`);
  } finally {
    await broker.close();
  }
};

main().catch((error: Error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
