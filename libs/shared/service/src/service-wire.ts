import { Wire } from '@ksb/wire';

/** The connection settings every service's configuration has (kafkaVariables plus the topic suffix). */
export interface ServiceConnectionConfig {
  readonly KSB_KAFKA_BROKERS: readonly string[];
  readonly KSB_REGISTRY_URL: string;
  readonly KSB_KAFKA_CLIENT_ID?: string;
  readonly KSB_TOPIC_SUFFIX?: string;
}

/** The service's one Wire: client id defaults to the service name, kafkajs logs errors only. */
export const serviceWire = (service: string, config: ServiceConnectionConfig): Wire =>
  new Wire({
    brokers: config.KSB_KAFKA_BROKERS,
    registryUrl: config.KSB_REGISTRY_URL,
    clientId: config.KSB_KAFKA_CLIENT_ID ?? service,
    topicSuffix: config.KSB_TOPIC_SUFFIX,
    logLevel: 'error',
  });
