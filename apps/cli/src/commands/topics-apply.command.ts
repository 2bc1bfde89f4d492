import { TOPIC_CATALOGUE } from '@ksb/contracts';
import { loadDirectory } from '@ksb/directory';
import { loadPolicy } from '@ksb/redaction';
import { deliveryTopicSpecs } from '@ksb/redaction-feature';
import { applyTopicCatalogue } from '@ksb/wire';
import { cliWire, type CliConfig } from '../cli.config';

/**
 * `ksb topics apply`: creates missing catalogue topics and one delivery topic per directory office, brings
 * existing ones to the declared settings, and registers every record each topic carries. Registration is the
 * admin's alone (docs/adr/0013): stages and agencies only look their schemas up, so a new office's delivery
 * view is registered here, with its topic, before the redactor delivers to it.
 */
export const topicsApply = async (config: CliConfig, print: (line: string) => void): Promise<number> => {
  const wire = cliWire(config);
  const declared = [...TOPIC_CATALOGUE, ...deliveryTopicSpecs(loadDirectory(), loadPolicy())];
  const specs = declared.map((spec) => ({ ...spec, name: wire.topic(spec.name) }));
  const result = await wire.withAdmin((admin) =>
    applyTopicCatalogue(admin, specs, {
      replicationFactor: config.KSB_REPLICATION_FACTOR,
      minInsyncReplicas: config.KSB_MIN_INSYNC_REPLICAS,
    }),
  );
  print(`topics created: ${result.created.length ? result.created.join(', ') : 'none'}`);
  print(`topics checked: ${result.updated.length ? result.updated.join(', ') : 'none'}`);
  const subjects = await wire.registerTopicSchemas(declared);
  print(`schemas registered or found: ${subjects} subject(s)`);
  return 0;
};
