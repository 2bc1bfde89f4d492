/**
 * One naming scheme for the whole bridge (docs/adr/0004-naming-and-layers.md):
 *   topic     ksb.<stage>.<name>            e.g. ksb.ingest.canary, ksb.delivery.ja-stadt-hilden
 *   namespace de.kinderschutz.bridge.<area> e.g. de.kinderschutz.bridge.ops.CanaryProbe
 *   subject   <topic>-<record full name>    (TopicRecordNameStrategy: one topic may carry several types,
 *                                            each evolving under its own compatibility rules)
 *   file      schemas/<area>/<RecordName>.avsc
 */
export const NAMESPACE_ROOT = 'de.kinderschutz.bridge';
export const TOPIC_PREFIX = 'ksb';

export const subjectFor = (topic: string, recordFullName: string): string => `${topic}-${recordFullName}`;

export const schemaFileFor = (recordFullName: string): string => {
  const prefix = `${NAMESPACE_ROOT}.`;
  if (!recordFullName.startsWith(prefix)) {
    throw new Error(`record ${recordFullName} is outside the ${NAMESPACE_ROOT} namespace`);
  }
  const [area, ...rest] = recordFullName.slice(prefix.length).split('.');
  if (!area || rest.length !== 1) throw new Error(`record ${recordFullName} must be ${NAMESPACE_ROOT}.<area>.<Name>`);
  return `${area}/${rest[0]}.avsc`;
};

const TOPIC_NAME = /^ksb\.[a-z]+(\.[a-z0-9-]+)+$/;
export const isValidTopicName = (topic: string): boolean => TOPIC_NAME.test(topic);

/**
 * A deployment (or a broker test) may run on a shared cluster under its own topic suffix:
 * logical `ksb.ingest.canary` becomes physical `ksb.ingest.canary.t1a2b`. Code names logical topics only.
 */
export const physicalTopic = (logical: string, suffix?: string): string => (suffix ? `${logical}.${suffix}` : logical);

export const logicalTopic = (physical: string, suffix?: string): string =>
  suffix && physical.endsWith(`.${suffix}`) ? physical.slice(0, -(suffix.length + 1)) : physical;

export const TOPIC_SUFFIX_PATTERN = /^[a-z0-9-]{1,40}$/;
