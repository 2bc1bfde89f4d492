import { EVENT_TYPES } from './event-types';
import { readSchemaFile } from './schema-files';
import { TOPIC_CATALOGUE, type TopicSpec } from './topic-catalogue';

/**
 * AsyncAPI 3.0 description of every catalogue topic and the Avro records on it, generated from the
 * catalogue and schemas/ (docs/asyncapi.json is this, written by `ksb schemas asyncapi`), plus the topics
 * derived from directory and policy (every office's delivery topic, the external handoff) where the caller
 * knows them.
 */
export const asyncApiDocument = (version: string, derived: readonly TopicSpec[] = []): Record<string, unknown> => {
  const topics = [...TOPIC_CATALOGUE, ...derived];
  const records = [...new Set(topics.flatMap((t) => t.records))].sort();
  const messageId = (record: string) => record.slice(record.lastIndexOf('.') + 1);
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Kinderschutz Bridge',
      version,
      description:
        'Child-protection events between police authorities and Jugendämter in NRW. Values are Avro in the Confluent wire format; subjects follow TopicRecordNameStrategy.',
    },
    defaultContentType: 'application/vnd.apache.avro+binary',
    channels: Object.fromEntries(
      topics.map((t) => [
        t.name,
        {
          address: t.name,
          description: t.purpose,
          messages: Object.fromEntries(
            t.records.map((r) => [messageId(r), { $ref: `#/components/messages/${messageId(r)}` }]),
          ),
          bindings: {
            kafka: {
              partitions: t.partitions,
              topicConfiguration: { 'cleanup.policy': [t.cleanupPolicy], 'retention.ms': t.retentionMs },
              'x-compatibility': t.compatibility,
            },
          },
        },
      ]),
    ),
    operations: Object.fromEntries(
      EVENT_TYPES.map((e) => [
        `send-${e.name}`,
        {
          action: 'send',
          channel: { $ref: `#/channels/${e.ingestTopic}` },
          summary: `Agencies (${e.senderRoles.join(', ')}) publish ${e.name}`,
        },
      ]),
    ),
    components: {
      messages: Object.fromEntries(
        records.map((r) => [
          messageId(r),
          {
            name: r,
            payload: { schemaFormat: 'application/vnd.apache.avro;version=1.9.0', schema: readSchemaFile(r) },
          },
        ]),
      ),
    },
  };
};
