import { TOPIC_CATALOGUE } from '@ksb/contracts';
import { loadDirectory } from '@ksb/directory';
import { loadPolicy } from '@ksb/redaction';
import { deliveryTopicSpecs } from '@ksb/redaction-feature';
import { applyTopicCatalogue } from '@ksb/wire';
import { cliWire, type CliConfig } from '../cli.config';

/**
 * `ksb topics apply`: creates missing catalogue topics and one delivery topic per directory office, and brings
 * existing ones to the declared settings.
 */
export const topicsApply = async (config: CliConfig, print: (line: string) => void): Promise<number> => {
  const wire = cliWire(config);
  const specs = [...TOPIC_CATALOGUE, ...deliveryTopicSpecs(loadDirectory(), loadPolicy())].map((spec) => ({
    ...spec,
    name: wire.topic(spec.name),
  }));
  const result = await wire.withAdmin((admin) =>
    applyTopicCatalogue(admin, specs, {
      replicationFactor: config.KSB_REPLICATION_FACTOR,
      minInsyncReplicas: config.KSB_MIN_INSYNC_REPLICAS,
    }),
  );
  print(`topics created: ${result.created.length ? result.created.join(', ') : 'none'}`);
  print(`topics checked: ${result.updated.length ? result.updated.join(', ') : 'none'}`);
  return 0;
};
