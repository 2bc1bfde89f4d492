import type { Message } from '@confluentinc/kafka-javascript';
import { byPartition, consumedRecord, rdkafkaHeaders } from './rdkafka-records';
import { rdkafkaConnection } from './rdkafka-config';

const message = (topic: string, partition: number, offset: number, extra: Partial<Message> = {}): Message => ({
  topic,
  partition,
  offset,
  value: Buffer.from(`${topic}/${partition}/${offset}`),
  size: 10,
  ...extra,
});

describe('librdkafka records', () => {
  it('groups a poll by partition, keeping offset order and the order partitions first appear in', () => {
    const parts = byPartition([message('a', 1, 5), message('b', 0, 9), message('a', 1, 6), message('a', 0, 2)]);
    expect(parts.map((p) => [p.topic, p.partition, p.messages.map((m) => m.offset)])).toEqual([
      ['a', 1, [5, 6]],
      ['b', 0, [9]],
      ['a', 0, [2]],
    ]);
  });

  it('turns a message into the wire record: text offsets and timestamps, headers by name', () => {
    const record = consumedRecord(
      message('a', 0, 41, {
        key: 'case-7',
        timestamp: 1796500000000,
        headers: [{ 'ksb-event-id': Buffer.from('e1') }, { 'x-hop': 'router' }, { 'x-hop': 'redactor' }],
      }),
    );
    expect(record).toEqual({
      key: Buffer.from('case-7'),
      value: Buffer.from('a/0/41'),
      offset: '41',
      timestamp: '1796500000000',
      headers: { 'ksb-event-id': Buffer.from('e1'), 'x-hop': ['router', 'redactor'] },
    });
    expect(consumedRecord(message('a', 0, 1, { key: null })).key).toBeNull();
  });

  it('writes headers as librdkafka lists them, one entry per value, and reads them back the same', () => {
    const headers = { 'ksb-event-id': 'e1', 'x-hop': ['router', Buffer.from('redactor')], absent: undefined };
    const list = rdkafkaHeaders(headers);
    expect(list).toEqual([{ 'ksb-event-id': 'e1' }, { 'x-hop': 'router' }, { 'x-hop': Buffer.from('redactor') }]);
    expect(consumedRecord(message('a', 0, 1, { headers: list })).headers).toEqual({
      'ksb-event-id': 'e1',
      'x-hop': ['router', Buffer.from('redactor')],
    });
    expect(rdkafkaHeaders(undefined)).toEqual([]);
  });
});

describe('librdkafka connection', () => {
  const wire = { brokers: ['127.0.0.1:9092', '127.0.0.1:9093'], registryUrl: 'https://r', clientId: 'router' };

  it('speaks SASL_SSL with SCRAM and the given CA when the wire does', () => {
    const config = rdkafkaConnection({
      ...wire,
      security: { tls: true, ca: 'PEM', sasl: { username: 'ksb-router', password: 'secret' } },
    });
    expect(config).toMatchObject({
      'bootstrap.servers': '127.0.0.1:9092,127.0.0.1:9093',
      'client.id': 'router',
      'security.protocol': 'sasl_ssl',
      'ssl.ca.pem': 'PEM',
      'sasl.mechanisms': 'SCRAM-SHA-512',
      'sasl.username': 'ksb-router',
      'sasl.password': 'secret',
    });
  });

  it('stays plaintext and anonymous without security, and trusts the system CAs with TLS and no CA', () => {
    expect(rdkafkaConnection(wire)).toMatchObject({ 'security.protocol': 'plaintext' });
    expect(rdkafkaConnection(wire)).not.toHaveProperty('sasl.username');
    const tls = rdkafkaConnection({ ...wire, security: { tls: true } });
    expect(tls['security.protocol']).toBe('ssl');
    expect(tls).not.toHaveProperty('ssl.ca.pem');
  });
});
