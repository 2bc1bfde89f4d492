import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { summarizeDeadLetters } from '@ksb/dead-letters';
import { readDeadLetters } from '@ksb/operations-feature';
import { startStreamServices, TestBroker, type RunningService } from '@ksb/testing-broker';
import { policeSchema, POLICE_TOPIC, signedPoliceRecord } from '../ingest/signed-police-events';

const run = promisify(execFile);
const ksb = join(__dirname, '..', '..', '..', 'bin', 'ksb');

/**
 * What an operator on call sees of the dead-letter topic: `ksb dlq list` by reason and stage with the age of
 * the oldest, the letters of one reason, and `ksb dlq show` of one — metadata and a hash, never the content.
 */
describe('dead-letter triage (broker)', () => {
  const broker = new TestBroker();
  const services: RunningService[] = [];

  beforeAll(async () => {
    await broker.createCatalogueTopics();
    services.push(...(await startStreamServices(broker, 'router')));
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await broker.close();
  });

  it('lists dead letters by reason and stage and shows one without its content', async () => {
    const schema = await policeSchema(broker);
    const producer = await broker.wire.producer();
    const { headers, ...signed } = signedPoliceRecord(broker, schema, {
      eventId: randomUUID(),
      correlationId: randomUUID(),
    });
    const { 'ksb-signature': _signature, 'ksb-signature-key': _key, ...unsignedHeaders } = headers;
    const notJson = Buffer.from('{"not":"avro"}');
    await producer.send({
      topic: broker.topic(POLICE_TOPIC),
      acks: -1,
      messages: [
        { key: 'a', value: notJson },
        { key: 'b', value: notJson },
        { ...signed, headers: unsignedHeaders },
      ],
    });
    await broker.readAtLeast('ksb.ops.dead-letter', 3, 60_000);

    const letters = await readDeadLetters(broker.wire);
    expect(summarizeDeadLetters(letters.map((l) => l.facts))).toEqual([
      expect.objectContaining({ reason: 'UNFRAMED_VALUE', stage: 'router', count: 2 }),
      expect.objectContaining({ reason: 'UNSIGNED_EVENT', stage: 'router', count: 1 }),
    ]);
    const unsigned = letters.find((l) => l.facts.reason === 'UNSIGNED_EVENT');
    expect(unsigned?.facts.source?.topic).toBe(broker.topic(POLICE_TOPIC));

    const env = { env: broker.serviceEnv() };
    const listed = await run(ksb, ['dlq', 'list'], env);
    expect(listed.stdout).toMatch(/^UNFRAMED_VALUE {2}router {2}2 {2}oldest \d+ s ago/m);
    expect(listed.stdout).toMatch(/^UNSIGNED_EVENT {2}router {2}1 {2}oldest/m);
    expect(listed.stdout).toMatch(/^3 dead letters$/m);
    const oneReason = await run(ksb, ['dlq', 'list', '--reason', 'UNSIGNED_EVENT'], env);
    expect(oneReason.stdout).toMatch(/^1 of 3 dead letters$/m);

    const at = `${unsigned?.facts.partition}:${unsigned?.facts.offset}`;
    expect(oneReason.stdout).toContain(`${at}  `);
    const shown = await run(ksb, ['dlq', 'show', at], env);
    const sha = createHash('sha256').update(signed.value).digest('hex');
    expect(shown.stdout).toContain(`reason       UNSIGNED_EVENT`);
    expect(shown.stdout).toContain(`from         ${broker.topic(POLICE_TOPIC)}/`);
    expect(shown.stdout).toContain(`sha256 ${sha}`);
    // Metadata only: no field of the event is printed.
    expect(shown.stdout).not.toContain('Hilden');
    await expect(run(ksb, ['dlq', 'show', '9:999999'], env)).rejects.toMatchObject({ code: 1 });
  }, 120_000);
});
