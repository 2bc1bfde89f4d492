import { isValidTopicName, logicalTopic, physicalTopic, schemaFileFor, subjectFor } from './naming';
import { deliveryTopicName, deliveryTopicSpec, RECORD, TOPIC_CATALOGUE, topicSpec } from './topic-catalogue';
import { readSchemaFile } from './schema-files';

describe('naming scheme', () => {
  it('derives the registry subject from topic and record (TopicRecordNameStrategy)', () => {
    expect(subjectFor('ksb.ingest.canary', 'de.kinderschutz.bridge.ops.CanaryProbe')).toBe(
      'ksb.ingest.canary-de.kinderschutz.bridge.ops.CanaryProbe',
    );
  });

  it.each([
    ['de.kinderschutz.bridge.ops.CanaryProbe', 'ops/CanaryProbe.avsc'],
    ['de.kinderschutz.bridge.police.ChildWelfareNotification', 'police/ChildWelfareNotification.avsc'],
  ])('maps record %s to file %s', (record, file) => {
    expect(schemaFileFor(record)).toBe(file);
  });

  it.each(['org.example.Foo', 'de.kinderschutz.bridge.Foo', 'de.kinderschutz.bridge.a.b.Foo'])(
    'rejects record name %s outside the scheme',
    (record) => {
      expect(() => schemaFileFor(record)).toThrow(/namespace|must be/);
    },
  );

  it.each([
    ['ksb.ingest.canary', true],
    ['ksb.delivery.ja-stadt-hilden', true],
    ['ingest.canary', false],
    ['ksb.Ingest.canary', false],
    ['ksb.ingest', false],
  ])('topic name %s valid=%p', (topic, valid) => {
    expect(isValidTopicName(topic)).toBe(valid);
  });
});

describe('topic catalogue', () => {
  it.each(TOPIC_CATALOGUE.map((t) => [t.name, t] as const))(
    '%s follows the scheme and names existing schemas',
    (_, spec) => {
      expect(isValidTopicName(spec.name)).toBe(true);
      expect(spec.partitions).toBeGreaterThanOrEqual(1);
      for (const record of spec.records) {
        const schema = readSchemaFile(record);
        expect(`${schema.namespace}.${schema.name}`).toBe(record);
      }
    },
  );

  it('declares each topic once and refuses undeclared ones', () => {
    const names = TOPIC_CATALOGUE.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    expect(topicSpec('ksb.ops.dead-letter').retentionMs).toBeGreaterThan(0);
    expect(() => topicSpec('ksb.nope.topic')).toThrow(/not declared/);
  });
});

describe('topic suffix', () => {
  it('maps logical to physical names and back', () => {
    expect(physicalTopic('ksb.ingest.canary', 't1a2b')).toBe('ksb.ingest.canary.t1a2b');
    expect(logicalTopic('ksb.ingest.canary.t1a2b', 't1a2b')).toBe('ksb.ingest.canary');
    expect(physicalTopic('ksb.ingest.canary')).toBe('ksb.ingest.canary');
    expect(logicalTopic('ksb.ingest.canary', undefined)).toBe('ksb.ingest.canary');
    expect(isValidTopicName(physicalTopic('ksb.ingest.canary', 't1a2b'))).toBe(true);
  });
});

describe('record names', () => {
  it('names in RECORD each have their schema file, and each is carried by a catalogue or delivery topic', () => {
    const delivery = deliveryTopicSpec(deliveryTopicName('ja-stadt-hilden'), []);
    for (const name of Object.values(RECORD)) {
      expect(readSchemaFile(name)['name']).toBeDefined();
      expect([name, [...TOPIC_CATALOGUE, delivery].some((t) => t.records.includes(name))]).toEqual([name, true]);
    }
    expect(delivery.records).toEqual([RECORD.EncryptedDelivery]);
  });
});
