import { IngestPublisher } from '@ksb/producer';
import {
  auditWriterEnv,
  startAuditWriter,
  startStreamServices,
  TestBroker,
  type RunningService,
} from '@ksb/testing-broker';
import { auditKeys } from '../audit/audit-keys';
import { createPipelineTopics } from '../pipeline-topics';

/**
 * What every test of the recipient side stands on: this test's topics (catalogue and every office's delivery
 * topic), router and redactor (and the audit writer, for trails and deadlines), and a producer that sends as
 * any office. Call it in a describe block; `up` in beforeAll, `down` in afterAll with the test's own services.
 */
export const deliveryWorld = (name: string, options: { audit: boolean }) => {
  const broker = new TestBroker();
  const keys = options.audit ? auditKeys() : undefined;
  const services: RunningService[] = [];
  const world = {
    broker,
    ingest: undefined as unknown as IngestPublisher,
    async up(): Promise<void> {
      await createPipelineTopics(broker);
      world.ingest = await IngestPublisher.connect(broker.connection(name));
      services.push(...(await startStreamServices(broker, 'router', 'redactor')));
      if (keys) services.push(await startAuditWriter(auditWriterEnv(broker, keys.privateKeyFile)));
    },
    async down(...own: (RunningService | undefined)[]): Promise<void> {
      await Promise.all([...services, ...own].map((s) => s?.stop()));
      await world.ingest?.close();
      await broker.close();
    },
  };
  return world;
};
