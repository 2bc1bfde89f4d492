import { randomUUID } from 'node:crypto';
import { collectAudit, verifyAuditLog } from '@ksb/audit-feature';
import { IngestPublisher } from '@ksb/producer';
import { auditWriterEnv, startAuditWriter, TestBroker, waitUntil, type RunningService } from '@ksb/testing-broker';
import { auditKeys } from '../audit/audit-keys';
import { exampleContent, POLICE_EXAMPLE } from '../ingest/example-events';
import { createPipelineTopics } from '../pipeline-topics';

/**
 * Regressions for "a second audit-writer instance forked the chain" and "Ctrl-C is not a graceful stop":
 * a second writer with the same transactional id takes over mid-stream without a fork, and a writer that
 * gets SIGINT and SIGTERM at once still finishes, signs its tail and exits 0.
 */
describe('one audit writer, always, and a clean stop (broker)', () => {
  const broker = new TestBroker();
  const keys = auditKeys();
  const env = auditWriterEnv(broker, keys.privateKeyFile, { KSB_AUDIT_CHECKPOINT_INTERVAL_MS: '60000' });
  let ingest: IngestPublisher;
  const writers: RunningService[] = [];

  beforeAll(async () => {
    await createPipelineTopics(broker);
    ingest = await IngestPublisher.connect(broker.connection('audit-single'));
  });

  let streaming = false;
  let stream: Promise<void> = Promise.resolve();

  afterAll(async () => {
    streaming = false;
    await stream;
    await Promise.all(writers.map((w) => w.kill()));
    await ingest?.close();
    await broker.close();
  });

  it('a second instance fences the first before it reads the chain: no fork; SIGINT + SIGTERM sign the tail and exit 0', async () => {
    const published = new Set<string>();
    streaming = true;
    stream = (async () => {
      while (streaming) {
        const content = { ...exampleContent(POLICE_EXAMPLE), envelope: { eventId: randomUUID() } };
        published.add((await ingest.publish('kpb-mettmann', 'police-notification', content)).eventId);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const first = await startAuditWriter(env);
    writers.push(first);
    await new Promise((r) => setTimeout(r, 3000));
    const second = await startAuditWriter(env);
    writers.push(second);
    const firstExit = await waitUntil(
      async () => Promise.race([first.exit, Promise.resolve('running' as const)]),
      (exit) => exit !== 'running',
      { what: 'the fenced writer to stop', timeoutMs: 30_000 },
    );
    expect(firstExit).toMatchObject({ code: 1 });
    expect(first.logs.join('\n')).toMatch(/audit writer stopped/);
    await new Promise((r) => setTimeout(r, 2000));
    streaming = false;
    await stream;

    await waitUntil(
      async () => (await collectAudit(broker.wire, { hops: ['RECEIVED'] })).length,
      (n) => n >= published.size,
      { what: `${published.size} RECEIVED records` },
    );
    // A terminal's Ctrl-C and the launcher's SIGTERM arrive together.
    second.signal('SIGINT');
    second.signal('SIGTERM');
    expect(await second.exit).toEqual({ code: 0, signal: null });
    expect(second.logs.join('\n')).toMatch(/"msg":"stopped"/);

    const received = (await collectAudit(broker.wire, { hops: ['RECEIVED'] })).map((r) => r.eventId);
    expect(received).toHaveLength(published.size);
    expect(new Set(received)).toEqual(published);
    const verdicts = await verifyAuditLog(broker.wire, keys.publicKey);
    for (const { verdict } of verdicts) expect(verdict).toMatchObject({ ok: true, unsignedTail: 0 });
  }, 120_000);
});
