import { randomUUID } from 'node:crypto';
import { collectAudit, verifyAuditLog } from '@ksb/audit-feature';
import { IngestPublisher } from '@ksb/producer';
import { freePort, startService, TestBroker, uniqueGroupId, waitUntil, type RunningService } from '@ksb/testing-broker';
import { exampleContent, POLICE_EXAMPLE } from '../ingest/example-events';
import { auditKeys } from './audit-keys';
import { createPipelineTopics } from '../pipeline-topics';

const EVENTS = 300;

describe('audit writer killed mid-stream (broker, SIGKILL)', () => {
  const broker = new TestBroker();
  const keys = auditKeys();
  let ingest: IngestPublisher;
  let writer: RunningService | undefined;
  const env = broker.serviceEnv({
    KSB_AUDIT_GROUP_ID: uniqueGroupId('audit'),
    KSB_AUDIT_TRANSACTIONAL_ID: uniqueGroupId('audit-tx'),
    KSB_AUDIT_SIGNING_KEY_FILE: keys.privateKeyFile,
    KSB_AUDIT_CHECKPOINT_EVERY: '25',
    KSB_AUDIT_CHECKPOINT_INTERVAL_MS: '1000',
  });
  const startWriter = async () => startService('audit-writer', { ...env, KSB_AUDIT_PORT: String(await freePort()) });

  beforeAll(async () => {
    await createPipelineTopics(broker);
    ingest = await IngestPublisher.connect(broker.connection('audit-crash'));
  });

  afterAll(async () => {
    await writer?.stop();
    await ingest?.close();
    await broker.close();
  });

  it('continues every chain after a restart: each event recorded once, chains and checkpoints intact', async () => {
    const published: string[] = [];
    const publishSome = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const content = { ...exampleContent(POLICE_EXAMPLE), envelope: { eventId: randomUUID() } };
        published.push((await ingest.publish('kpb-mettmann', 'police-notification', content)).eventId);
      }
    };
    const audited = async () =>
      (await broker.wire.withAdmin((admin) => admin.fetchTopicOffsets(broker.topic('ksb.audit.trail')))).reduce(
        (n, p) => n + Number(p.high),
        0,
      );

    writer = await startWriter();
    await publishSome(EVENTS / 3);
    await waitUntil(audited, (n) => n >= 40, { intervalMs: 20, what: '40 audit offsets' });
    await writer.kill();
    writer = undefined;
    await publishSome(EVENTS / 3);
    writer = await startWriter();
    await publishSome(EVENTS / 3);

    const received = await waitUntil(
      async () => (await collectAudit(broker.wire, { hops: ['RECEIVED'] })).map((r) => r.eventId),
      (ids) => ids.length >= EVENTS,
      { what: `${EVENTS} RECEIVED records` },
    );
    // A moment more: a duplicate, if any, would arrive right behind.
    await new Promise((r) => setTimeout(r, 2000));
    const all = await collectAudit(broker.wire, {});
    const ids = all.filter((r) => r.hop === 'RECEIVED').map((r) => r.eventId);
    expect(received.length).toBe(EVENTS);
    expect(ids).toHaveLength(EVENTS);
    expect(new Set(ids)).toEqual(new Set(published));
    expect(new Set(all.map((r) => r.auditId)).size).toBe(all.length);
    const verdicts = await verifyAuditLog(broker.wire, keys.publicKey);
    expect(verdicts.map((v) => v.verdict)).toEqual(
      verdicts.map(() => expect.objectContaining({ ok: true, checkpoints: expect.any(Number) })),
    );
    const total = verdicts.reduce((n, v) => n + (v.verdict.ok ? v.verdict.records : 0), 0);
    expect(total).toBe(all.length);
  });
});
