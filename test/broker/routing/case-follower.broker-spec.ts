import { randomUUID } from 'node:crypto';
import { CaseFollower } from '@ksb/routing-feature';
import { CaseRegister } from '@ksb/routing-rules';
import { startStreamService, TestBroker, waitUntil, type RunningService } from '@ksb/testing-broker';
import { policeSchema, POLICE_TOPIC, signedPoliceRecord } from '../ingest/signed-police-events';
import { createPipelineTopics } from '../pipeline-topics';

/**
 * A second router instance's view of the cases: its follower reads what the running router routed (sealed
 * per case) into its register, so an acknowledgement or a continuation that reaches the second instance is
 * checked against cases the first one routed.
 */
describe('the case follower of a second router instance (broker)', () => {
  const broker = new TestBroker();
  const services: RunningService[] = [];
  const register = new CaseRegister();
  const follower = new CaseFollower(broker.wire, register);

  beforeAll(() => createPipelineTopics(broker));

  afterAll(async () => {
    await follower.stop();
    await Promise.all(services.map((s) => s.stop()));
    await broker.close();
  });

  it('records the decisions the other instance routed, sealed, with their case and offices', async () => {
    const caseId = randomUUID();
    const events = [randomUUID(), randomUUID()];
    await follower.start('router-test');
    services.push(await startStreamService(broker, 'router'));

    const schema = await policeSchema(broker);
    const producer = await broker.wire.producer();
    await producer.send({
      topic: broker.topic(POLICE_TOPIC),
      acks: -1,
      messages: events.map((eventId) => signedPoliceRecord(broker, schema, { eventId, correlationId: caseId })),
    });

    const facts = await waitUntil(
      async () => events.map((id) => register.event(id)),
      (found) => found.every((f) => f !== undefined),
      { what: 'the other instance’s decisions in the register', timeoutMs: 60_000 },
    );
    expect(facts.map((f) => f?.correlationId)).toEqual([caseId, caseId]);
    expect(facts[0]?.recipientOfficeIds).toContain('ja-stadt-hilden');
    expect([...(register.caseOffices(caseId) ?? [])].sort()).toEqual(
      ['kpb-mettmann', ...(facts[0]?.recipientOfficeIds ?? [])].sort(),
    );
  }, 120_000);
});
