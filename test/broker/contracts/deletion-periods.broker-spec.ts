import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { retentionMsOf, TOPIC_CATALOGUE } from '@ksb/contracts';
import { loadDirectory } from '@ksb/directory';
import { loadPolicy } from '@ksb/redaction';
import { deliveryTopicSpecs } from '@ksb/redaction-feature';
import { TestBroker } from '@ksb/testing-broker';

const run = promisify(execFile);
const ksb = join(__dirname, '..', '..', '..', 'bin', 'ksb');
const RESOURCE_TOPIC = 2;

/**
 * The deletion periods are applied, not only written down: `ksb topics apply` gives every topic the retention
 * of its class in schemas/ops/deletion-periods.json, and puts it back where someone changed it on the broker.
 */
describe('deletion periods on the broker (broker)', () => {
  const broker = new TestBroker();
  const declared = [...TOPIC_CATALOGUE, ...deliveryTopicSpecs(loadDirectory(), loadPolicy())];
  const retentionOnBroker = async (): Promise<Map<string, string | undefined>> => {
    const described = await broker.wire.withAdmin((admin) =>
      admin.describeConfigs({
        includeSynonyms: false,
        resources: declared.map((t) => ({
          type: RESOURCE_TOPIC,
          name: broker.topic(t.name),
          configNames: ['retention.ms'],
        })),
      }),
    );
    return new Map(
      described.resources.map((r) => [
        r.resourceName,
        r.configEntries.find((e) => e.configName === 'retention.ms')?.configValue,
      ]),
    );
  };

  afterAll(() => broker.close());

  it('gives every topic its class period and restores one changed by hand', async () => {
    const env = { env: broker.serviceEnv() };
    await run(ksb, ['topics', 'apply'], env);
    const expected = new Map(declared.map((t) => [broker.topic(t.name), String(retentionMsOf(t.retentionClass))]));
    expect(await retentionOnBroker()).toEqual(expected);
    expect(expected.get(broker.topic('ksb.audit.trail'))).toBe('-1');
    expect(expected.get(broker.topic('ksb.ingest.police-notification'))).toBe(String(7 * 24 * 3600 * 1000));

    const ingest = broker.topic('ksb.ingest.police-notification');
    await broker.wire.withAdmin((admin) =>
      admin.alterConfigs({
        validateOnly: false,
        resources: [{ type: RESOURCE_TOPIC, name: ingest, configEntries: [{ name: 'retention.ms', value: '-1' }] }],
      }),
    );
    expect((await retentionOnBroker()).get(ingest)).toBe('-1');
    await run(ksb, ['topics', 'apply'], env);
    expect((await retentionOnBroker()).get(ingest)).toBe(expected.get(ingest));
  }, 120_000);
});
