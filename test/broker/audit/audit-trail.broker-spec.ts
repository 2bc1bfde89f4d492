import { execFile } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AuditRecord } from '@ksb/contracts';
import {
  collectAudit,
  exportBundle,
  readDeliveredEvents,
  replayAudit,
  verifyAuditLog,
  verifyBundle,
} from '@ksb/audit-feature';
import { annualReport, timeline } from '@ksb/audit-trail';
import { loadDirectory } from '@ksb/directory';
import { IngestPublisher } from '@ksb/producer';
import {
  freePort,
  startService,
  startStreamServices,
  TestBroker,
  uniqueGroupId,
  waitUntil,
  type RunningService,
} from '@ksb/testing-broker';
import { ACK_EXAMPLE, exampleContent, JUGENDAMT_EXAMPLE, POLICE_EXAMPLE } from '../ingest/example-events';
import { auditKeys } from './audit-keys';
import { createPipelineTopics } from '../pipeline-topics';

const run = promisify(execFile);

/** Hops the trail must hold once everything is through (see the flows sent in beforeAll). */
const EXPECTED_HOPS = {
  RECEIVED: 3, // two police notifications, one with a broken municipality key, and one urgent notice
  REJECTED: 1,
  ROUTED: 4, // Hilden and Erkrath for the good notification, KPB Viersen, KPB Mettmann for the answer
  REDACTED: 4,
  DELIVERED: 4,
  ACKNOWLEDGED: 1,
};

const countHops = (records: readonly AuditRecord[]) =>
  records.reduce<Record<string, number>>((n, r) => ({ ...n, [r.hop]: (n[r.hop] ?? 0) + 1 }), {});

describe('audit trail of every hop (broker)', () => {
  const broker = new TestBroker();
  const keys = auditKeys();
  const services: RunningService[] = [];
  let ingest: IngestPublisher;
  let notification: { eventId: string; correlationId: string };
  let records: AuditRecord[] = [];

  beforeAll(async () => {
    await createPipelineTopics(broker);
    services.push(
      ...(await startStreamServices(broker, 'router', 'redactor')),
      await startService(
        'audit-writer',
        broker.serviceEnv({
          KSB_AUDIT_PORT: String(await freePort()),
          KSB_AUDIT_GROUP_ID: uniqueGroupId('audit'),
          KSB_AUDIT_TRANSACTIONAL_ID: uniqueGroupId('audit-tx'),
          KSB_AUDIT_SIGNING_KEY_FILE: keys.privateKeyFile,
          KSB_AUDIT_CHECKPOINT_EVERY: '4',
          KSB_AUDIT_CHECKPOINT_INTERVAL_MS: '1000',
        }),
      ),
    );
    ingest = await IngestPublisher.connect(broker.connection('audit-test'));
    notification = await ingest.publish('kpb-mettmann', 'police-notification', exampleContent(POLICE_EXAMPLE));
    const broken = exampleContent(POLICE_EXAMPLE) as {
      children: { currentWhereabouts: { municipalityKey: string } }[];
    };
    broken.children[0].currentWhereabouts.municipalityKey = '5158004';
    await ingest.publish('kpb-mettmann', 'police-notification', broken);
    await ingest.publish('ja-stadt-viersen', 'jugendamt-urgent-notice', exampleContent(JUGENDAMT_EXAMPLE));
    // Hilden answers once the notification reached it; the router checks the answer against what it routed.
    await broker.routed(notification.eventId);
    await ingest.publish('ja-stadt-hilden', 'acknowledgement', {
      ...exampleContent(ACK_EXAMPLE),
      acknowledgedEventId: notification.eventId,
      envelope: { correlationId: notification.correlationId, causationId: notification.eventId },
    });
    await waitUntil(
      async () => countHops(await collectAudit(broker.wire, {})),
      (hops) => Object.entries(EXPECTED_HOPS).every(([hop, n]) => hops[hop] === n),
      { what: `the full audit trail ${JSON.stringify(EXPECTED_HOPS)}` },
    );
    // Let the interval checkpoint sign the tail.
    await waitUntil(
      () => verifyAuditLog(broker.wire, keys.publicKey),
      (verdicts) => verdicts.every((v) => v.verdict.ok && v.verdict.unsignedTail === 0),
      { what: 'a signed tail' },
    );
    records = await collectAudit(broker.wire, {});
  }, 120_000);

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await ingest?.close();
    await broker.close();
  });

  it('records every hop of a case: received, routed, redacted, delivered, acknowledged', () => {
    const hops = countHops(records);
    expect(hops).toMatchObject(EXPECTED_HOPS);
    expect(hops.CHECKPOINT).toBeGreaterThan(0);
    const lines = timeline(records, notification.correlationId);
    // The answer may overtake the notification's last hops, so only the first hop's place is fixed.
    expect(lines[1]).toMatch(new RegExp(`RECEIVED +police-notification from kpb-mettmann`));
    expect(countHops(records.filter((r) => r.correlationId === notification.correlationId))).toEqual({
      RECEIVED: 1,
      ROUTED: 3,
      REDACTED: 3,
      DELIVERED: 3,
      ACKNOWLEDGED: 1,
    });
    expect(lines).toHaveLength(12);
    const delivered = records.filter((r) => r.hop === 'DELIVERED' && r.correlationId === notification.correlationId);
    expect(delivered.map((r) => r.recipientOfficeId).sort()).toEqual([
      'ja-stadt-erkrath',
      'ja-stadt-hilden',
      'kpb-mettmann',
    ]);
    expect(delivered.every((r) => /^ksb\.delivery\./.test(r.details.topic ?? ''))).toBe(true);
    const rejected = records.find((r) => r.hop === 'REJECTED');
    expect(rejected?.details).toMatchObject({ reasonCode: 'INVALID_MUNICIPALITY_KEY', service: 'router' });
    const routed = records.find((r) => r.hop === 'ROUTED' && r.recipientOfficeId === 'ja-stadt-hilden');
    expect(routed?.details).toMatchObject({
      rule: expect.any(String),
      legalBasis: expect.stringMatching(/SGB VIII/),
      directoryVersion: loadDirectory().version,
    });
  });

  it('re-reads, for an auditor allowed to, what each office received in the case', async () => {
    const delivered = records.filter((r) => r.hop === 'DELIVERED' && r.eventId === notification.eventId);
    const events = await readDeliveredEvents(broker.wire, delivered);
    expect(events.map((e) => e.topic).sort()).toEqual([
      broker.topic('ksb.delivery.ja-stadt-erkrath'),
      broker.topic('ksb.delivery.ja-stadt-hilden'),
    ]);
    for (const event of events)
      expect(event).toMatchObject({
        value: { envelope: { eventId: notification.eventId }, triggerCategory: expect.any(String) },
      });
  });

  it('holds no personal data: none of the events’ names, places or texts are on the audit topic', async () => {
    const raw = (await broker.readAll('ksb.audit.trail', 1500))
      .map((m) => m.message.value?.toString('latin1') ?? '')
      .join('\n');
    expect(raw.length).toBeGreaterThan(1000);
    for (const secret of [
      'Mia',
      'Muster',
      'Musterweg',
      'ME-2026-118833',
      'Olga',
      'asthma',
      'home visit planned',
      'Leon',
    ])
      expect(raw).not.toContain(secret);
  });

  it('verifies, and after tampering with an exported copy names the edited, deleted or reordered record', async () => {
    expect((await verifyAuditLog(broker.wire, keys.publicKey)).map((v) => v.verdict.ok)).toEqual([true, true, true]);
    const bundle = join(keys.dir, 'bundle');
    await exportBundle(broker.wire, bundle, keys.publicKey);
    expect(await verifyBundle(bundle, keys.publicKey)).toMatchObject({ ok: true, problems: [] });

    const manifest = JSON.parse(readFileSync(join(bundle, 'manifest.json'), 'utf8'));
    const longest = manifest.partitions.sort(
      (a: { records: number }, b: { records: number }) => b.records - a.records,
    )[0];
    expect(longest.records).toBeGreaterThanOrEqual(6);
    const tampered = (name: string, change: (lines: string[]) => void) => {
      const dir = join(keys.dir, name);
      cpSync(bundle, dir, { recursive: true });
      const file = join(dir, longest.file);
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      change(lines);
      writeFileSync(file, `${lines.join('\n')}\n`);
      return dir;
    };
    // One character of the third record's audit id changed in its stored bytes: still a valid Avro record.
    const edit = (line: string) => {
      const entry = JSON.parse(line) as { value: string; seal: string | null };
      const bytes = Buffer.from(entry.value, 'base64');
      // After the 5-byte frame: the audit id's zigzag length (one byte for ids under 64 characters), then its text.
      const length = bytes[5] >> 1;
      const at = 6 + length - 1;
      bytes[at] = bytes[at] === 0x58 ? 0x59 : 0x58;
      return JSON.stringify({ ...entry, value: bytes.toString('base64') });
    };
    const edited = tampered('edited', (l) => (l[2] = edit(l[2])));
    // Sealed, the record's own seal fails; unsealed, the next record's link to it does.
    const editedKind = JSON.parse(readFileSync(join(bundle, longest.file), 'utf8').split('\n')[2]).seal
      ? 'FORGED'
      : 'EDITED';
    const deleted = tampered('deleted', (l) => l.splice(3, 1));
    const reordered = tampered('reordered', (l) => ([l[3], l[4]] = [l[4], l[3]]));
    const partition = { partition: longest.partition };
    expect((await verifyBundle(edited, keys.publicKey)).partitions).toContainEqual({
      ...partition,
      verdict: expect.objectContaining({ ok: false, kind: editedKind, sequence: 3 }),
    });
    expect((await verifyBundle(deleted, keys.publicKey)).partitions).toContainEqual({
      ...partition,
      verdict: expect.objectContaining({ ok: false, kind: 'DELETED', sequence: 4 }),
    });
    expect((await verifyBundle(reordered, keys.publicKey)).partitions).toContainEqual({
      ...partition,
      verdict: expect.objectContaining({ ok: false, kind: 'REORDERED', sequence: 4 }),
    });

    // Offline, as an auditor runs it: the CLI, no Kafka configured at all.
    const ksb = join(__dirname, '..', '..', '..', 'bin', 'ksb');
    const offline = { env: { PATH: process.env.PATH ?? '' } };
    const good = await run(ksb, ['audit', 'verify', '--bundle', bundle], offline);
    expect(good.stdout).toMatch(/bundle verified with key [0-9a-f]{16} \(from the bundle/);
    await expect(run(ksb, ['audit', 'verify', '--bundle', edited], offline)).rejects.toMatchObject({
      code: 1,
      stdout: expect.stringMatching(new RegExp(`FAIL  partition ${longest.partition}: ${editedKind} at sequence 3`)),
    });
  });

  it('replays a time window exactly: the records recorded in it, no more, no fewer', async () => {
    const times = [...new Set(records.map((r) => r.recordedAt))].sort();
    const from = new Date(times[3]);
    const to = new Date(times[times.length - 4]);
    const expected = records.filter((r) => r.recordedAt >= times[3] && r.recordedAt < times[times.length - 4]);
    const replayed: string[] = [];
    await replayAudit(broker.wire, { from, to }, (r) => void replayed.push(r.auditId));
    expect(expected.length).toBeGreaterThan(5);
    expect(expected.length).toBeLessThan(records.length);
    expect(replayed.sort()).toEqual(expected.map((r) => r.auditId).sort());
    const verdicts = await verifyAuditLog(broker.wire, keys.publicKey, { window: { from, to } });
    expect(verdicts.every((v) => v.verdict.ok)).toBe(true);
  });

  it('reports the year from the audit trail: the events sent, per office, category and answer time', () => {
    const year = new Date().getUTCFullYear();
    const report = annualReport(records, { year, minCell: 1 });
    expect(report.events).toBe(3);
    const offices = report.tables.find((t) => t.title === 'Events per office')?.rows ?? [];
    expect(offices.find((r) => r.key === 'kpb-mettmann')?.cells.sent).toEqual({ count: 2 });
    expect(offices.find((r) => r.key === 'ja-stadt-viersen')?.cells.sent).toEqual({ count: 1 });
    expect(offices.find((r) => r.key === 'ja-stadt-hilden')?.cells.received).toEqual({ count: 1 });
    expect(report.acknowledgementTimes).toEqual([
      expect.objectContaining({ key: 'police-notification', n: { count: 1 } }),
    ]);
    const rejected = report.tables.find((t) => t.title === 'Rejected messages per reason')?.rows;
    expect(rejected).toEqual([{ key: 'INVALID_MUNICIPALITY_KEY', cells: { rejected: { count: 1 } } }]);
  });
});
