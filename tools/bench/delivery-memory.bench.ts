// Benchmark (not a test): the delivery API's memory per delivery. The API holds every delivery of its topics'
// retention and every case's status trail in memory (ADR 0015), so its memory per delivery bounds how many
// deliveries one instance can serve under its memory limit; the lag monitor's deadline watch, from the same
// audit records, is measured beside it. The records are Avro-decoded from the schemas in
// schemas/ as the API's feeds decode them (fresh strings, no sharing); the audit records per delivery are what
// the audit writer writes for one event to one office (RECEIVED, ROUTED, REDACTED, DELIVERED). The baseline in
// the same run: the same decoded records kept as they are. Run: npm run bench:delivery-memory
// (KSB_BENCH_DELIVERIES, default 20000; KSB_BENCH_ROUNDS, default 3).
import { appendFileSync, readFileSync } from 'node:fs';
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { readSchemaFile, type AuditRecord } from '@ksb/contracts';
import { CaseTrails, DeliveryInbox, type Delivery } from '@ksb/delivery-inbox';
import { DeadlineWatch, loadDeadlinePolicy } from '@ksb/deadlines';
import { compileAvro } from '@ksb/wire';

const DELIVERIES = Number(process.env.KSB_BENCH_DELIVERIES ?? 20_000);
const ROUNDS = Number(process.env.KSB_BENCH_ROUNDS ?? 3);
const SENDER = 'kpb-mettmann';
const RECIPIENT = 'ja-stadt-hilden';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
/** The JS heap and the buffers outside it (a view's bytes live there), after full collections. */
const heldBytes = () => {
  gc();
  gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
};

const auditType = compileAvro(readSchemaFile('de.kinderschutz.bridge.infra.AuditRecord'));
const viewType = compileAvro(readSchemaFile('de.kinderschutz.bridge.views.ChildWelfareNotificationForJugendamt'));
const example = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'schemas', 'examples', 'police-notification.hilden.json'), 'utf8'),
) as Record<string, unknown>;
// The view as the redactor writes it for a Jugendamt: what the schema holds of the example.
const viewBytes = viewType.toBuffer(viewType.clone(example, { wrapUnions: false }));

const hex = (s: string) => createHash('sha256').update(s).digest('hex');
const iso = (ms: number) => new Date(ms).toISOString();

/** The four audit records of one delivery, encoded as the audit writer stores them. */
const auditBytes = (i: number, eventId: string, correlationId: string, deliveryId: string): Buffer[] => {
  const at = Date.UTC(2026, 11, 7, 10) + i * 20;
  const base = (hop: AuditRecord['hop'], topic: string, offset: number, extra: Partial<AuditRecord>) => ({
    auditId: `${topic}/${i % 6}/${offset}`,
    hop,
    eventId,
    correlationId,
    eventType: 'police-notification',
    senderOfficeId: SENDER,
    recipientOfficeId: RECIPIENT,
    payloadSha256: hex(`${topic}${i}`),
    sequence: 4 * i,
    previousHash: hex(`prev${topic}${i}`),
    recordedAt: iso(at + 900),
    ...extra,
  });
  const common = (topic: string, offset: number, ms: number) => ({
    source: `${topic}/${i % 6}/${offset}`,
    occurredAt: iso(at + ms),
  });
  const records = [
    base('RECEIVED', 'ksb.ingest.police-notification', i, {
      recipientOfficeId: null,
      details: {
        ...common('ksb.ingest.police-notification', i, 0),
        producer: 'ksb-gateway',
        schemaSubject: 'ksb.ingest.police-notification-de.kinderschutz.bridge.police.ChildWelfareNotification',
        schemaVersion: '1',
        category: 'DOMESTIC_VIOLENCE_CHILD_IN_HOUSEHOLD',
        urgency: 'NORMAL',
      },
    }),
    base('ROUTED', 'ksb.routed.police-notification', i, {
      auditId: `ksb.routed.police-notification/${i % 6}/${i}#1`,
      details: {
        ...common('ksb.routed.police-notification', i, 150),
        routedEventId: randomUUID(),
        directoryVersion: '2026-12-01.1',
        signedBy: 'directory-maintainer',
        signingKeyId: 'directory-2026-12',
        category: 'DOMESTIC_VIOLENCE_CHILD_IN_HOUSEHOLD',
        urgency: 'NORMAL',
        role: 'PRIMARY',
        provisional: 'false',
        rule: 'P1-residence-of-child',
        legalBasis: '§ 86 Abs. 1 SGB VIII',
      },
    }),
    base('REDACTED', 'ksb.redaction.reports', i, {
      details: {
        ...common('ksb.redaction.reports', i, 300),
        reportEventId: randomUUID(),
        policyVersion: '2026-12-01.2',
        viewSubject: 'ksb.delivery.ja-stadt-hilden-de.kinderschutz.bridge.views.ChildWelfareNotificationForJugendamt',
        legalBasis: '§ 8a Abs. 1 SGB VIII',
        removedPaths: 'policeCaseNumber,provenanceLabel,disclosureStatements,suspects[].criminalRecord',
        withheldPaths: '',
      },
    }),
    base('DELIVERED', `ksb.delivery.${RECIPIENT}`, i, {
      details: {
        ...common(`ksb.delivery.${RECIPIENT}`, i, 320),
        deliveryEventId: deliveryId,
        topic: `ksb.delivery.${RECIPIENT}`,
        partition: String(i % 6),
        offset: String(i),
        role: 'PRIMARY',
        rule: 'P1-residence-of-child',
        policyVersion: '2026-12-01.2',
        viewSubject: 'ksb.delivery.ja-stadt-hilden-de.kinderschutz.bridge.views.ChildWelfareNotificationForJugendamt',
      },
    }),
  ];
  return records.map((r) => auditType.toBuffer(r));
};

interface Stored {
  readonly view: Buffer;
  readonly audit: Buffer[];
  readonly deliveryId: string;
  readonly i: number;
}

const stored: Stored[] = Array.from({ length: DELIVERIES }, (_, i) => {
  const eventId = randomUUID();
  const deliveryId = randomUUID();
  return { view: viewBytes, audit: auditBytes(i, eventId, randomUUID(), deliveryId), deliveryId, i };
});

const delivery = ({ view, deliveryId, i }: Stored, correlationId: string): Delivery => {
  const decoded = viewType.fromBuffer(view) as { urgency?: string; envelope?: { eventId?: string } };
  return {
    deliveryId,
    officeId: RECIPIENT,
    partition: i % 6,
    offset: BigInt(i),
    sourceEventId: decoded.envelope?.eventId ?? '',
    correlationId,
    eventType: 'police-notification',
    urgency: decoded.urgency ?? null,
    senderOfficeId: SENDER,
    receivedAt: iso(Date.UTC(2026, 11, 7, 10) + i * 20),
    viewRecord: Buffer.from(view),
  };
};

/** Memory held per delivery by what `fill` keeps, after full collections before and after. */
const perDelivery = (fill: () => unknown): number => {
  const before = heldBytes();
  const kept = fill();
  const after = heldBytes();
  if (!kept) throw new Error('nothing kept');
  return (after - before) / DELIVERIES;
};

const decodedAudit = (s: Stored) => s.audit.map((b) => auditType.fromBuffer(b) as AuditRecord);
const measures: Record<string, () => unknown> = {
  'audit records, decoded and kept as they are (baseline)': () => stored.map(decodedAudit),
  'status trails (CaseTrails)': () => {
    const trails = new CaseTrails();
    for (const s of stored) for (const r of decodedAudit(s)) trails.add(r);
    return trails;
  },
  // The lag monitor follows the same audit trail for its deadlines (not part of the ratio below).
  'deadline watch (lag monitor)': () => {
    const watch = new DeadlineWatch(loadDeadlinePolicy(), () => '');
    for (const s of stored) for (const r of decodedAudit(s)) watch.observe(r);
    return watch;
  },
  'views, decoded and kept as they are (baseline)': () => stored.map((s) => viewType.fromBuffer(s.view)),
  'inbox (DeliveryInbox)': () => {
    const inbox = new DeliveryInbox();
    for (const s of stored) inbox.add(delivery(s, decodedAudit(s)[0].correlationId ?? ''));
    return inbox;
  },
};

const rounds = new Map<string, number[]>(Object.keys(measures).map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++)
  for (const [name, fill] of Object.entries(measures)) rounds.get(name)?.push(perDelivery(fill));

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const bytes = (n: number) => `${Math.round(n).toLocaleString('en')}`;
const storedBytes = viewBytes.length + stored[0].audit.reduce((sum, b) => sum + b.length, 0);
const report = [
  `## Delivery API memory per delivery — run ${new Date().toISOString()}, ${DELIVERIES} deliveries, median of ${ROUNDS} rounds, Node ${process.version}`,
  '',
  '| what is held | bytes per delivery, heap and buffers (median) | rounds |',
  '| --- | --- | --- |',
  ...[...rounds].map(([name, values]) => `| ${name} | ${bytes(median(values))} | ${values.map(bytes).join(', ')} |`),
  '',
  `Stored Avro bytes per delivery (view + 4 audit records): ${storedBytes}. **Inbox + trails / decoded records kept as they are: ${(
    (median(rounds.get('inbox (DeliveryInbox)') ?? []) + median(rounds.get('status trails (CaseTrails)') ?? [])) /
    (median(rounds.get('views, decoded and kept as they are (baseline)') ?? []) +
      median(rounds.get('audit records, decoded and kept as they are (baseline)') ?? []))
  ).toFixed(
    2,
  )}**. Command: \`KSB_BENCH_DELIVERIES=${DELIVERIES} KSB_BENCH_ROUNDS=${ROUNDS} npm run bench:delivery-memory\`.`,
  '',
].join('\n');
appendFileSync(join(__dirname, '..', '..', 'docs', 'benchmarks', 'delivery-memory.md'), `${report}\n`);
process.stdout.write(`${report}\n`);
