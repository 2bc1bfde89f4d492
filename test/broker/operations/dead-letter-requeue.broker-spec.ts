import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { collectAudit } from '@ksb/audit-feature';
import { REQUEUE_HEADER } from '@ksb/contracts';
import { readDeadLetters } from '@ksb/operations-feature';
import { IngestPublisher } from '@ksb/producer';
import type { DeadLetterGroup } from '@ksb/dead-letters';
import {
  auditWriterEnv,
  freePort,
  startAuditWriter,
  startService,
  startStreamServices,
  TestBroker,
  waitUntil,
  type RunningService,
} from '@ksb/testing-broker';
import { auditKeys } from '../audit/audit-keys';
import { exampleContent, POLICE_EXAMPLE } from '../ingest/example-events';
import { publishDirectoryVersion } from '../directory-versions';
import { createPipelineTopics } from '../pipeline-topics';

const run = promisify(execFile);
const ksb = join(__dirname, '..', '..', '..', 'bin', 'ksb');
/**
 * An operator's requeue after a fix, and the dashboard's count of waiting letters: a directory version that lost the Kreispolizeibehörde Mettmann's signing
 * key dead-letters its notification (SIGNING_KEY_UNKNOWN); the maintainer publishes the corrected version; two
 * operators requeue the letter at the same moment. It goes back once, is routed and delivered once, and the audit trail says
 * who put it back and why.
 */
describe('dead-letter requeue (broker)', () => {
  const broker = new TestBroker();
  const keys = auditKeys();
  const services: RunningService[] = [];
  let ingest: IngestPublisher;
  let dashboard: string;
  const waitingLetters = async () =>
    ((await (await fetch(`${dashboard}/api/lag`)).json()) as { deadLetters: DeadLetterGroup[] }).deadLetters;
  const publish = (version: string, keyOwners: (owner: string) => boolean = () => true) =>
    publishDirectoryVersion(broker, services[0], version, (register) => register.filter((k) => keyOwners(k.owner)));

  beforeAll(async () => {
    await createPipelineTopics(broker);
    services.push(
      ...(await startStreamServices(broker, 'router', 'redactor')),
      await startAuditWriter(auditWriterEnv(broker, keys.privateKeyFile)),
    );
    const port = await freePort();
    dashboard = `http://127.0.0.1:${port}`;
    services.push(
      await startService('lag-monitor', broker.serviceEnv({ KSB_LAG_PORT: String(port), KSB_LAG_POLL_MS: '500' })),
    );
    ingest = await IngestPublisher.connect(broker.connection('requeue-test'));
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await ingest?.close();
    await broker.close();
  });

  it('puts a letter back once after the fix; it is delivered once and the trail says who and why; the dashboard counts it until then', async () => {
    await publish('2026-12-06.without-kpb-mettmann-key', (owner) => owner !== 'kpb-mettmann');
    const sent = await ingest.publish('kpb-mettmann', 'police-notification', exampleContent(POLICE_EXAMPLE));
    const [letter] = await waitUntil(
      async () => (await readDeadLetters(broker.wire)).filter((l) => l.facts.eventId === sent.eventId),
      (letters) => letters.length === 1,
      { what: 'the notification dead-lettered', timeoutMs: 60_000, intervalMs: 1000 },
    );
    expect(letter.facts.reason).toBe('SIGNING_KEY_UNKNOWN');
    // The dashboard counts it from the audit trail, without reading the letter.
    const waiting = await waitUntil(waitingLetters, (groups) => groups.length > 0, {
      what: 'the letter on the dashboard',
      timeoutMs: 30_000,
    });
    expect(waiting).toEqual([expect.objectContaining({ reason: 'SIGNING_KEY_UNKNOWN', stage: 'router', count: 1 })]);
    const metrics = async () => (await fetch(`${dashboard}/metrics`)).text();
    await waitUntil(
      metrics,
      (text) => /^ksb_dead_letters_waiting\{reason="SIGNING_KEY_UNKNOWN",stage="router"\} 1$/m.test(text),
      {
        what: 'the letter in the Prometheus metrics',
        timeoutMs: 10_000,
      },
    );

    await publish('2026-12-06.with-kpb-mettmann-key');
    const env = { env: broker.serviceEnv() };
    const at = `${letter.facts.partition}:${letter.facts.offset}`;
    const reason = "directory 2026-12-06.with-kpb-mettmann-key has the KPB's key again";
    // Two operators at once: one puts it back, the other is told it was (or is fenced while it tries).
    const attempts = await Promise.all(
      [0, 1].map(() =>
        run(ksb, ['dlq', 'requeue', at, '--reason', reason], env).then(
          (r) => ({ ok: true, out: r.stdout }),
          (e: { stdout?: string; stderr?: string }) => ({ ok: false, out: `${e.stdout ?? ''}${e.stderr ?? ''}` }),
        ),
      ),
    );
    expect(attempts.filter((a) => a.ok)).toHaveLength(1);
    expect(attempts.find((a) => a.ok)?.out).toMatch(
      /^requeued \d+:\d+ to ksb\.ingest\.police-notification\.\S+\/\d+\/\d+ by /m,
    );
    const again = await run(ksb, ['dlq', 'requeue', at, '--reason', reason], env).catch((e) => e);
    expect(again).toMatchObject({ code: 1 });
    expect(again.stdout).toContain('not requeued (ALREADY_REQUEUED)');

    const copies = (await broker.readAll('ksb.ingest.police-notification')).filter(
      (m) => m.header('ksb-event-id') === sent.eventId,
    );
    expect(copies.map((c) => c.header(REQUEUE_HEADER.from))).toEqual([
      undefined,
      `${broker.topic('ksb.ops.dead-letter')}/${letter.facts.partition}/${letter.facts.offset}`,
    ]);

    const delivered = async (office: string) =>
      (await broker.readAll(`ksb.delivery.${office}`)).filter((m) => m.header('ksb-source-event-id') === sent.eventId);
    await waitUntil(
      () => delivered('ja-stadt-hilden'),
      (d) => d.length > 0,
      {
        what: 'the requeued notification delivered to Hilden',
        timeoutMs: 60_000,
        intervalMs: 2000,
      },
    );
    expect(await delivered('ja-stadt-hilden')).toHaveLength(1);
    expect(await delivered('ja-stadt-erkrath')).toHaveLength(1);

    const received = await waitUntil(
      async () => (await collectAudit(broker.wire, { hops: ['RECEIVED'] })).filter((r) => r.eventId === sent.eventId),
      (records) => records.length === 2,
      { what: 'both copies in the audit trail', timeoutMs: 60_000, intervalMs: 2000 },
    );
    expect(received.map((r) => r.details.requeueReason)).toEqual([undefined, reason]);
    expect(received[1].details.requeuedBy).toEqual(expect.any(String));
    expect(received[1].details.requeuedFrom).toBe(copies[1].header(REQUEUE_HEADER.from));
    await waitUntil(waitingLetters, (groups) => groups.length === 0, {
      what: 'the requeued letter off the dashboard',
      timeoutMs: 30_000,
    });
    await waitUntil(metrics, (text) => !/^ksb_dead_letters_waiting\{/m.test(text), {
      what: 'no letter left in the Prometheus metrics',
      timeoutMs: 10_000,
    });
  }, 300_000);
});
