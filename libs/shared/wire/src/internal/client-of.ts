import type { Kafka } from 'kafkajs';

/*
 * The Kafka client behind each Wire, for the wire's own readers and consumers (read-range, the supervised
 * consumer). Not exported from the library's index: outside libs/shared/wire nobody reaches the client.
 */
const clients = new WeakMap<object, Kafka>();

export const attachClient = (wire: object, kafka: Kafka): void => {
  clients.set(wire, kafka);
};

export const clientOf = (wire: object): Kafka => {
  const kafka = clients.get(wire);
  if (!kafka) throw new Error('no Kafka client attached to this wire');
  return kafka;
};
