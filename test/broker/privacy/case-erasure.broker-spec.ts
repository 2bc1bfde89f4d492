import { execFile } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { collectAudit } from '@ksb/audit-feature';
import { CaseErasedError, caseReference, fileCaseSeal, isSealed, sealedKeyId } from '@ksb/case-keys';
import { readDeadLetters } from '@ksb/operations-feature';
import { GatewayCaseKeys, IngestPublisher } from '@ksb/producer';
import {
  auditWriterEnv,
  startAuditWriter,
  startDeliveryApi,
  startGateway,
  startStreamService,
  TestBroker,
  uniqueGroupId,
  waitUntil,
  type CollectedMessage,
  type RunningService,
  type TestGateway,
} from '@ksb/testing-broker';
import { auditKeys } from '../audit/audit-keys';
import { exampleContent, POLICE_EXAMPLE } from '../ingest/example-events';
import { createPipelineTopics } from '../pipeline-topics';
import { publishDirectoryVersion } from '../directory-versions';

const run = promisify(execFile);
const ksb = join(__dirname, '..', '..', '..', 'bin', 'ksb');
const ROUTED = 'ksb.routed.police-notification';
const INGEST = 'ksb.ingest.police-notification';

/**
 * Crypto-shredding of one case (ADR 0023): the agency's producer seals each event under a key from the
 * gateway's key service, the router seals routed records under a key of the case, and `ksb case erase`
 * destroys them all. Two cases of the KPB Mettmann for Hilden go through; case A is erased while one of its
 * notifications waits for a stopped redactor. Afterwards no routed record of A opens (and none ever held its
 * text in clear), B's still do, the waiting one is dead-lettered as CASE_ERASED when the redactor is back, the
 * trail has the ERASED hop with who, why and the provision, and a later event of A gets a new key.
 */
describe('case erasure (broker)', () => {
  const broker = new TestBroker();
  const keys = auditKeys();
  const services: RunningService[] = [];
  let redactor: RunningService | undefined;
  const apis: TestGateway[] = [];
  let ingest: IngestPublisher;
  let gateway: TestGateway | undefined;
  const HILDEN = 'ja-stadt-hilden';
  const fetchDelivery = async (api: TestGateway, id: string) => {
    const response = await fetch(`${api.baseUrl}/v1/deliveries/${id}`, { headers: { 'x-api-key': api.keys[HILDEN] } });
    return { status: response.status, body: (await response.json()) as { code?: string } };
  };
  const listed = async (api: TestGateway) =>
    (
      (await (await fetch(`${api.baseUrl}/v1/deliveries`, { headers: { 'x-api-key': api.keys[HILDEN] } })).json()) as {
        deliveries: { id: string }[];
      }
    ).deliveries.map((d) => d.id);
  const caseA = randomUUID();
  const caseB = randomUUID();
  const marker = (name: string) => `ME-ERASE-${name}-${randomBytes(6).toString('hex')}`;
  const markerA = marker('A');
  const markerB = marker('B');
  // The same group across the redactor's restart: it goes on where it stopped.
  const redactorGroup = { KSB_REDACTOR_GROUP_ID: uniqueGroupId('redactor') };
  const keyStore = () => {
    const env = broker.serviceEnv();
    return fileCaseSeal(env.KSB_CASE_KEY_DIR, env.KSB_CASE_KEK_FILE);
  };

  const send = (correlationId: string, policeCaseNumber: string) =>
    ingest.publish('kpb-mettmann', 'police-notification', {
      ...exampleContent(POLICE_EXAMPLE),
      envelope: { correlationId },
      policeCaseNumber,
    });
  const routedOf = async (eventId: string): Promise<CollectedMessage[]> =>
    (await broker.readAll(ROUTED, 1000)).filter((m) => m.header('ksb-causation-id') === eventId);
  const ingestedOf = async (eventId: string): Promise<Buffer> =>
    (await broker.readAll(INGEST, 1000)).find((m) => m.header('ksb-event-id') === eventId)?.message.value as Buffer;
  const deliveredTo = async (office: string, eventId: string) =>
    (await broker.readAll(`ksb.delivery.${office}`, 1000)).filter((m) => m.header('ksb-source-event-id') === eventId);
  const bytesHold = (messages: readonly CollectedMessage[], text: string) =>
    messages.some((m) => (m.message.value ?? Buffer.alloc(0)).includes(Buffer.from(text, 'utf8')));

  beforeAll(async () => {
    await createPipelineTopics(broker);
    services.push(await startStreamService(broker, 'router'));
    redactor = await startStreamService(broker, 'redactor', redactorGroup);
    services.push(await startAuditWriter(auditWriterEnv(broker, keys.privateKeyFile)));
    gateway = await startGateway(broker, ['kpb-mettmann']);
    ingest = await IngestPublisher.connect({
      ...broker.connection('erasure-test'),
      sealing: new GatewayCaseKeys({ url: gateway.baseUrl, apiKey: gateway.keys['kpb-mettmann'] }),
    });
    apis.push(await startDeliveryApi(broker, [HILDEN]));
  });

  afterAll(async () => {
    await Promise.all(
      [
        ...services,
        ...(redactor ? [redactor] : []),
        ...[...apis, ...(gateway ? [gateway] : [])].map((a) => a.service),
      ].map((s) => s.stop()),
    );
    await ingest?.close();
    await broker.close();
  });

  it('leaves no routed record of the erased case readable, records who erased it and why, and keeps other cases', async () => {
    const a1 = await send(caseA, markerA);
    const b1 = await send(caseB, markerB);
    for (const sent of [a1, b1])
      await waitUntil(
        () => deliveredTo('ja-stadt-hilden', sent.eventId),
        (d) => d.length === 1,
        { what: `${sent.eventId} delivered to Hilden`, timeoutMs: 60_000, intervalMs: 1000 },
      );

    // Sealed on the topic: neither case's text is in the bytes, and each names its own case key.
    const [routedA1] = await routedOf(a1.eventId);
    const [routedB1] = await routedOf(b1.eventId);
    for (const [routed, id] of [
      [routedA1, caseA],
      [routedB1, caseB],
    ] as const) {
      expect(isSealed(routed.message.value)).toBe(true);
      expect(sealedKeyId(routed.message.value as Buffer).startsWith(`${caseReference(id)}.`)).toBe(true);
    }
    expect(bytesHold([routedA1, routedB1], markerA) || bytesHold([routedA1, routedB1], markerB)).toBe(false);
    // The agency's input too, each event under a key of its own from the gateway, none of them the router's.
    const [ingestedA1, ingestedB1] = [await ingestedOf(a1.eventId), await ingestedOf(b1.eventId)];
    for (const [ingested, id] of [
      [ingestedA1, caseA],
      [ingestedB1, caseB],
    ] as const) {
      expect(isSealed(ingested)).toBe(true);
      expect(sealedKeyId(ingested).startsWith(`${caseReference(id)}.`)).toBe(true);
    }
    expect(sealedKeyId(ingestedA1)).not.toBe(sealedKeyId(routedA1.message.value as Buffer));
    expect(ingestedA1.includes(Buffer.from(markerA, 'utf8')) || ingestedB1.includes(Buffer.from(markerB, 'utf8'))).toBe(
      false,
    );
    const opened = await broker.wire.codec.decode<{ event: { policeCaseNumber: string } }>(routedA1.message.value);
    expect(opened.value.event.policeCaseNumber).toBe(markerA);

    // A second notification of case A is routed while the redactor is down, and waits there.
    await redactor?.stop();
    redactor = undefined;
    const a2 = await send(caseA, markerA);
    await waitUntil(
      () => routedOf(a2.eventId),
      (r) => r.length === 1,
      { what: 'the second notification of case A routed', timeoutMs: 60_000, intervalMs: 1000 },
    );

    const reason = 'Hilfe beendet, Fall abgeschlossen';
    const basis = '§ 84 Abs. 2 SGB X';
    const env = { env: broker.serviceEnv() };
    const erased = await run(ksb, ['case', 'erase', caseA, '--reason', reason, '--basis', basis], env);
    const destroyedKeys = (/^case \S+ erased by \S+ \(.*?\): keys (\S+(?:, \S+)*) destroyed/m.exec(erased.stdout) ??
      [])[1];
    expect(erased.stdout).toContain(`case ${caseA} erased by `);
    const ingestedA2 = await ingestedOf(a2.eventId);
    // Every key of the case: the router's, the producer's one per event, the redactor's one per delivery.
    const [deliveredA1ToHilden] = await deliveredTo(HILDEN, a1.eventId);
    const destroyed = destroyedKeys?.split(', ') ?? [];
    expect(destroyed).toEqual(
      expect.arrayContaining(
        [routedA1.message.value as Buffer, ingestedA1, ingestedA2, deliveredA1ToHilden.message.value as Buffer].map(
          (bytes) => sealedKeyId(bytes),
        ),
      ),
    );
    expect(destroyed.every((keyId) => keyId.startsWith(`${caseReference(caseA)}.`))).toBe(true);
    const again = await run(ksb, ['case', 'erase', caseA, '--reason', reason, '--basis', basis], env);
    expect(again.stdout).toMatch(new RegExp(`^case ${caseA} was already erased on `, 'm'));
    const refused = await run(ksb, ['case', 'erase', caseB, '--reason', reason], env).catch((e) => e);
    expect(refused).toMatchObject({ code: 2 });

    // The bytes on the topic are unchanged, and without the key they are nothing: A's no longer open, B's do.
    const store = keyStore();
    for (const sent of [a1, a2]) {
      const [routed] = await routedOf(sent.eventId);
      await expect(store.open(routed.message.value as Buffer)).rejects.toThrow(CaseErasedError);
    }
    for (const ingested of [ingestedA1, ingestedA2])
      await expect(store.open(ingested)).rejects.toThrow(CaseErasedError);
    expect(bytesHold(await broker.readAll(INGEST, 1000), markerA)).toBe(false);
    // Hilden has no encryption key: its deliveries are sealed too, under keys of their own, and shut with the case.
    const hildenDeliveries = await broker.readAll(`ksb.delivery.${HILDEN}`, 1000);
    expect(hildenDeliveries.every((m) => isSealed(m.message.value))).toBe(true);
    expect(bytesHold(hildenDeliveries, markerA) || bytesHold(hildenDeliveries, markerB)).toBe(false);
    await expect(store.open(deliveredA1ToHilden.message.value as Buffer)).rejects.toThrow(CaseErasedError);
    for (const bytes of [routedB1.message.value as Buffer, ingestedB1])
      expect((await store.open(bytes)).includes(Buffer.from(markerB, 'utf8'))).toBe(true);
    await store.close();

    // The delivery API no longer hands out A's delivery that Hilden has not fetched, also after a restart.
    const deliveryIdOf = async (eventId: string) =>
      (await deliveredTo(HILDEN, eventId))[0].header('ksb-event-id') as string;
    const [deliveryA1, deliveryB1] = [await deliveryIdOf(a1.eventId), await deliveryIdOf(b1.eventId)];
    await waitUntil(
      () => fetchDelivery(apis[0], deliveryA1),
      (answer) => answer.status === 410,
      { what: "A's delivery withheld by the running API", timeoutMs: 30_000, intervalMs: 500 },
    );
    expect((await fetchDelivery(apis[0], deliveryA1)).body.code).toBe('DELIVERY_ERASED');
    apis.push(await startDeliveryApi(broker, [HILDEN]));
    expect(await listed(apis[1])).toEqual(expect.arrayContaining([deliveryB1]));
    expect(await listed(apis[1])).not.toContain(deliveryA1);
    expect((await fetchDelivery(apis[1], deliveryA1)).status).toBe(410);
    expect((await fetchDelivery(apis[1], deliveryB1)).status).toBe(200);

    // The redactor comes back: the waiting notification of the erased case becomes a dead letter, sealed as it was.
    redactor = await startStreamService(broker, 'redactor', redactorGroup);
    const [letter] = await waitUntil(
      async () => (await readDeadLetters(broker.wire)).filter((l) => l.facts.correlationId === caseA),
      (letters) => letters.length === 1,
      { what: 'the waiting notification of case A dead-lettered', timeoutMs: 60_000, intervalMs: 1000 },
    );
    expect(letter.facts).toMatchObject({ reason: 'CASE_ERASED', stage: 'redactor' });
    expect(bytesHold(await broker.readAll('ksb.ops.dead-letter', 1000), markerA)).toBe(false);
    expect(await deliveredTo('ja-stadt-hilden', a2.eventId)).toHaveLength(0);

    // The trail: the erasure with who, why and the provision, once more marked as repeated, and the refusal.
    const erasures = await waitUntil(
      async () => (await collectAudit(broker.wire, { hops: ['ERASED'] })).filter((r) => r.correlationId === caseA),
      (records) => records.length === 2,
      { what: 'two ERASED hops for case A', timeoutMs: 60_000, intervalMs: 1000 },
    );
    expect(erasures.map((r) => r.details)).toEqual([
      expect.objectContaining({
        reason,
        legalBasis: basis,
        keyIds: destroyedKeys?.replaceAll(', ', ','),
        repeated: 'false',
      }),
      expect.objectContaining({ reason, legalBasis: basis, repeated: 'true' }),
    ]);
    expect(erasures[0].details.erasedBy).toEqual(expect.any(String));
    await waitUntil(
      async () =>
        (await collectAudit(broker.wire, { hops: ['REJECTED'] })).filter(
          (r) => r.correlationId === caseA && r.details.reasonCode === 'CASE_ERASED',
        ),
      (records) => records.length === 1,
      { what: 'the CASE_ERASED dead letter in the trail', timeoutMs: 60_000, intervalMs: 1000 },
    );

    // A new notification of the same case after the erasure is carried under a new key.
    const a3 = await send(caseA, marker('A3'));
    await waitUntil(
      () => deliveredTo('ja-stadt-hilden', a3.eventId),
      (d) => d.length === 1,
      { what: 'a new notification of case A delivered', timeoutMs: 60_000, intervalMs: 1000 },
    );
    const [routedA3] = await routedOf(a3.eventId);
    const keyA3 = sealedKeyId(routedA3.message.value as Buffer);
    expect(keyA3.startsWith(`${caseReference(caseA)}.`)).toBe(true);
    expect(keyA3).not.toBe(sealedKeyId(routedA1.message.value as Buffer));
  }, 300_000);

  it('seals a router dead letter under its case key: the auditor reads it with the key store, a purge erases it', async () => {
    await publishDirectoryVersion(broker, services[0], '2026-12-06.without-kpb-mettmann-key', (register) =>
      register.filter((k) => k.owner !== 'kpb-mettmann'),
    );
    const caseC = randomUUID();
    const markerC = marker('C');
    const sent = await send(caseC, markerC);
    const [letter] = await waitUntil(
      async () => (await readDeadLetters(broker.wire)).filter((l) => l.facts.eventId === sent.eventId),
      (letters) => letters.length === 1,
      { what: 'the notification dead-lettered', timeoutMs: 60_000, intervalMs: 1000 },
    );
    expect(letter.facts.reason).toBe('SIGNING_KEY_UNKNOWN');
    expect(letter.sealed).toBe(true);
    const [ingested] = (await broker.readAll('ksb.ingest.police-notification', 1000)).filter(
      (m) => m.header('ksb-event-id') === sent.eventId,
    );
    // The letter names the original's hash, as the trail's RECEIVED hop does, and holds no text of it.
    expect(letter.valueSha256).toBe(
      createHash('sha256')
        .update(ingested.message.value as Buffer)
        .digest('hex'),
    );
    expect(bytesHold(await broker.readAll('ksb.ops.dead-letter', 1000), markerC)).toBe(false);

    const at = `${letter.facts.partition}:${letter.facts.offset}`;
    const env = broker.serviceEnv();
    const { KSB_CASE_KEY_DIR: _dir, KSB_CASE_KEK_FILE: _kek, ...withoutStore } = env;
    const auditor = await run(ksb, ['dlq', 'show', at, '--content'], { env });
    expect(auditor.stdout).toContain(markerC);
    const operator = await run(ksb, ['dlq', 'show', at, '--content'], { env: withoutStore }).catch((e) => e);
    expect(operator).toMatchObject({ code: 2 });
    expect(operator.stdout).not.toContain(markerC);
    expect(operator.stdout).toContain('needs the per-case key store');

    const reason = 'Irrläufer, Absender informiert';
    const purged = await run(ksb, ['dlq', 'purge', at, '--reason', reason, '--basis', '§ 32 PolG NRW'], { env });
    expect(purged.stdout).toMatch(new RegExp(`^purged ${at}: case ${caseC} erased by .*every record of the case`, 'm'));
    const after = await run(ksb, ['dlq', 'show', at, '--content'], { env }).catch((e) => e);
    expect(after).toMatchObject({ code: 1 });
    expect(after.stdout).toContain('CASE_ERASED');
    const [erasure] = await waitUntil(
      async () => (await collectAudit(broker.wire, { hops: ['ERASED'] })).filter((r) => r.correlationId === caseC),
      (records) => records.length === 1,
      { what: 'the purge as an ERASED hop', timeoutMs: 60_000, intervalMs: 1000 },
    );
    expect(erasure.details).toMatchObject({
      reason,
      legalBasis: '§ 32 PolG NRW',
      purgedLetter: `${broker.topic('ksb.ops.dead-letter')}/${at.replace(':', '/')}`,
    });
  }, 180_000);
});
