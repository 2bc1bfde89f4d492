import { loadDirectory } from '@ksb/directory';
import { loadPolicy } from '@ksb/redaction';
import { deliveryTopicSpecs } from '@ksb/redaction-feature';
import type { TestBroker } from '@ksb/testing-broker';

/**
 * Every topic the pipeline writes on this test's suffix: the catalogue, and a delivery topic per office of
 * the bundled directory, as `ksb topics apply` makes them.
 */
export const createPipelineTopics = async (broker: TestBroker): Promise<void> => {
  await broker.createCatalogueTopics();
  await broker.createTopicSpecs(deliveryTopicSpecs(loadDirectory(), loadPolicy()));
};
