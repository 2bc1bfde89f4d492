import { directoryParts, loadDirectory, validateDirectory } from '@ksb/directory';
import { IngestPublisher } from '@ksb/producer';
import { publishDirectory } from '@ksb/directory-feed';
import { readKeyRegister, type Signer } from '@ksb/signatures';
import { generateKeyPairSync } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startService, TestBroker, uniqueGroupId, type RunningService } from '@ksb/testing-broker';
import { HEADER, type DecodedEvent } from '@ksb/wire';
import { exampleContent, exampleEvent, ACK_EXAMPLE, JUGENDAMT_EXAMPLE, POLICE_EXAMPLE } from '../ingest/example-events';

type Routed = {
  decision: {
    directoryVersion: string;
    recipients: { officeId: string; role: string; provisional: boolean; rule: string }[];
  };
  event: { envelope: { eventId: string } };
};
const recipients = (e: DecodedEvent<Routed>) =>
  e.value.decision.recipients.map((r) => [r.officeId, r.role, r.provisional, r.rule]);

describe('ingest → router → routed events and dead letters (broker)', () => {
  const broker = new TestBroker();
  let router: RunningService;
  let ingest: IngestPublisher;
  let metricsUrl: string;

  beforeAll(async () => {
    await broker.createCatalogueTopics();
    ingest = await IngestPublisher.connect(broker.connection('router-test'));
    const port = await freePort();
    metricsUrl = `http://127.0.0.1:${port}/metrics`;
    router = await startService(
      'router',
      broker.serviceEnv({ KSB_ROUTER_GROUP_ID: uniqueGroupId('router'), KSB_ROUTER_PORT: String(port) }),
    );
  });

  afterAll(async () => {
    await router?.stop();
    await ingest?.close();
    await broker.close();
  });

  it('routes each event type to its offices with the rule and directory version, and dead-letters what no rule can decide', async () => {
    const police = await ingest.publish('kpb-mettmann', 'police-notification', exampleContent(POLICE_EXAMPLE));
    const urgent = await ingest.publish(
      'ja-stadt-viersen',
      'jugendamt-urgent-notice',
      exampleContent(JUGENDAMT_EXAMPLE),
    );
    const invalid = exampleContent(POLICE_EXAMPLE) as {
      children: { currentWhereabouts: { municipalityKey: string } }[];
    };
    invalid.children[0].currentWhereabouts.municipalityKey = '5158004';
    const rejected = await ingest.publish('kpb-mettmann', 'police-notification', invalid);

    const [routedPolice] = (await broker.collect<Routed>(
      'ksb.routed.police-notification',
      1,
    )) as DecodedEvent<Routed>[];
    expect(recipients(routedPolice)).toEqual([
      ['ja-stadt-hilden', 'CASE_OWNER', false, 'P2-parents'],
      ['ja-stadt-erkrath', 'ACUTE', true, 'P1-acute'],
    ]);
    expect(routedPolice.value.decision.directoryVersion).toBe(loadDirectory().version);
    expect(routedPolice.value.event.envelope.eventId).toBe(police.eventId);
    expect(routedPolice.headers).toMatchObject({
      causationId: police.eventId,
      correlationId: police.correlationId,
      producer: 'router',
    });

    // Erkrath answers once the notification has reached it, as a Jugendamt does: acknowledged is what was routed.
    const ack = await ingest.publish('ja-stadt-erkrath', 'acknowledgement', {
      ...exampleContent(ACK_EXAMPLE),
      acknowledgedEventId: police.eventId,
    });
    const [routedUrgent] = (await broker.collect<Routed>(
      'ksb.routed.jugendamt-urgent-notice',
      1,
    )) as DecodedEvent<Routed>[];
    expect(recipients(routedUrgent)).toEqual([['kpb-viersen', 'ACUTE', false, 'J7-kpb']]);
    const [routedAck] = (await broker.collect<Routed>('ksb.routed.acknowledgement', 1)) as DecodedEvent<Routed>[];
    expect(recipients(routedAck)).toEqual([['kpb-mettmann', 'REPLY', false, 'R9-reply']]);
    expect(routedAck.headers.causationId).toBe(ack.eventId);
    expect(urgent.eventId).toBe(routedUrgent.headers.causationId);

    const [dead] = await broker.collectRaw('ksb.ops.dead-letter', 1);
    expect(dead.header('ksb-reason-code')).toBe('INVALID_MUNICIPALITY_KEY');
    expect(dead.header('__connect.errors.topic')).toBe(broker.topic('ksb.ingest.police-notification'));
    expect(dead.header('__connect.errors.exception.message')).toMatch(
      /children\[0\]\.currentWhereabouts\.municipalityKey is not an 8-digit AGS/,
    );
    expect(dead.header(HEADER.eventId)).toBe(rejected.eventId);
    expect(dead.header('__connect.errors.exception.message')).not.toMatch(/Muster/);

    const metrics = await (await fetch(metricsUrl)).text();
    expect(metrics).toMatch(/ksb_routing_decisions_total\{rule="P1-acute"\} 1/);
    expect(metrics).toMatch(/ksb_routing_dead_letters_total\{reason="INVALID_MUNICIPALITY_KEY"\} 1/);
  });

  it('switches to a new directory version only when the directory maintainer signed it', async () => {
    const current = loadDirectory();
    const moved = validateDirectory({
      ...directoryParts(current),
      version: '2026-11-21.test',
      municipalities: current.municipalities.map((m) =>
        m.ags === '05158016' ? { ...m, jugendamtId: 'ja-stadt-haan' } : m,
      ),
      contacts: [],
      // A snapshot carries the signing keys: without them the router would refuse every event from then on.
      signingKeys: readKeyRegister(broker.serviceEnv().KSB_SIGNING_KEYS_FILE),
    });
    const waitForLog = async (text: string) => {
      const deadline = Date.now() + 20_000;
      while (!router.logs.some((l) => l.includes(text) && l.includes('2026-11-21.test')) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 200));
    };
    const health = async () =>
      (await (await fetch(metricsUrl.replace('/metrics', '/health'))).json()) as Record<string, unknown>;

    // Someone with write access to the topic, but not the maintainer's key: refused, the old version stays.
    const forger = { keyId: 'ksb-directory-maintainer-local-1', privateKey: generateKeyPairSync('ed25519').privateKey };
    await publishDirectory(broker.wire, moved, new Date(), forger);
    await waitForLog('directory snapshot refused');
    expect(await health()).toMatchObject({
      directoryVersion: current.version,
      directoryRefused: { version: '2026-11-21.test', code: 'DIRECTORY_SIGNATURE_INVALID' },
    });
    expect(await (await fetch(metricsUrl)).text()).toMatch(
      /ksb_directory_snapshots_refused_total\{reason="DIRECTORY_SIGNATURE_INVALID"\} 1/,
    );

    await publishDirectory(broker.wire, moved, new Date(), broker.signerFor('ksb-directory-maintainer') as Signer);
    await waitForLog('directory version changed');
    expect(await health()).toMatchObject({
      directoryVersion: '2026-11-21.test',
      directorySignedBy: 'ksb-directory-maintainer-local-1',
    });
    expect(await health()).not.toHaveProperty('directoryRefused');
    await ingest.publish('kpb-mettmann', 'police-notification', exampleContent(POLICE_EXAMPLE));
    const routed = (await broker.collect<Routed>('ksb.routed.police-notification', 2)) as DecodedEvent<Routed>[];
    const latest = routed.find((e) => e.value.decision.directoryVersion === '2026-11-21.test');
    expect(latest).toBeDefined();
    expect(recipients(latest as DecodedEvent<Routed>)[0]).toEqual(['ja-stadt-haan', 'CASE_OWNER', false, 'P2-parents']);

    // The operator's explanation uses the same signed version and says so.
    const dir = mkdtempSync(join(tmpdir(), 'ksb-explain-signed-'));
    try {
      const file = join(dir, 'event.json');
      writeFileSync(file, JSON.stringify(exampleEvent(POLICE_EXAMPLE)));
      const explain = spawnSync(
        join(__dirname, '..', '..', '..', 'bin', 'ksb'),
        ['route', '--explain', file, '--signed'],
        {
          env: { ...process.env, ...broker.serviceEnv() },
          encoding: 'utf8',
        },
      );
      expect(explain.stdout).toMatch(
        /directory 2026-11-21\.test: the signed snapshot the routers use, signed by ksb-directory-maintainer-local-1 \(signature checked\)/,
      );
      expect(explain.stdout).toMatch(/→ ja-stadt-haan\s+CASE_OWNER/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
