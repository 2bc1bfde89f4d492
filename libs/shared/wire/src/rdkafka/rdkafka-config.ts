import type { LibrdKafkaError } from '@confluentinc/kafka-javascript';
import type { WireOptions } from '../wire';

/** librdkafka's names for the connection the kafkajs client builds from the same WireOptions. */
export const rdkafkaConnection = (options: WireOptions): Record<string, string | number | boolean> => {
  const { security } = options;
  const sasl = security?.sasl;
  const protocol = security?.tls ? (sasl ? 'sasl_ssl' : 'ssl') : sasl ? 'sasl_plaintext' : 'plaintext';
  return {
    'bootstrap.servers': options.brokers.join(','),
    'client.id': options.clientId,
    'security.protocol': protocol,
    ...(security?.tls && security.ca ? { 'ssl.ca.pem': security.ca } : {}),
    ...(sasl
      ? { 'sasl.mechanisms': 'SCRAM-SHA-512', 'sasl.username': sasl.username, 'sasl.password': sasl.password }
      : {}),
    // A returning broker is found within seconds, as with kafkajs's short retries (docs/adr/0012).
    'reconnect.backoff.max.ms': 3000,
    'log.connection.close': false,
  };
};

/**
 * The client library, loaded only when a stage asks for it: it is a native addon built against the system's
 * librdkafka dependencies (README, "the second Kafka client"), absent where they are not installed.
 */
export const loadRdkafka = (): typeof import('@confluentinc/kafka-javascript') => {
  try {
    return require('@confluentinc/kafka-javascript');
  } catch (error) {
    throw new Error(
      `KSB_STAGE_KAFKA_CLIENT=librdkafka needs @confluentinc/kafka-javascript built on this machine ` +
        `(node deploy/local/native-client.mjs): ${(error as Error).message.split('\n')[0]}`,
    );
  }
};

/** librdkafka's error as a thrown Error that keeps its code and retriable flags. */
export const asError = (e: LibrdKafkaError): Error & LibrdKafkaError =>
  Object.assign(new Error(`${e.message} (librdkafka ${e.code})`), e);
