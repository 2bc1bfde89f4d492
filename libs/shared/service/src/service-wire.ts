import type { ConsoleLogger } from '@nestjs/common';
import { kafkaSecurity, type KafkaSecurityVariables } from '@ksb/config';
import { Wire } from '@ksb/wire';
import { fileCaseSeal } from '@ksb/case-keys';

/** The connection settings every service's configuration has (kafkaVariables plus the topic suffix). */
export interface ServiceConnectionConfig extends KafkaSecurityVariables {
  readonly KSB_KAFKA_BROKERS: readonly string[];
  readonly KSB_REGISTRY_URL: string;
  readonly KSB_KAFKA_CLIENT_ID?: string;
  readonly KSB_TOPIC_SUFFIX?: string;
  readonly KSB_CONSUMER_GIVE_UP_MS?: number;
  readonly KSB_CONSUMER_STALL_MS?: number;
  /** The per-case key store (caseKeyVariables), for the services that read or seal content. */
  readonly KSB_CASE_KEY_DIR?: string;
  readonly KSB_CASE_KEK_FILE?: string;
}

/**
 * Where and as whom a service connects: brokers, registry, its client id (the service name unless set), the
 * deployment's topic suffix and its identity. For its Wire and for a publisher it opens beside it.
 */
export type ServiceConnection = ReturnType<typeof serviceConnection>;

export const serviceConnection = (service: string, config: ServiceConnectionConfig) => ({
  brokers: config.KSB_KAFKA_BROKERS,
  registryUrl: config.KSB_REGISTRY_URL,
  clientId: config.KSB_KAFKA_CLIENT_ID ?? service,
  topicSuffix: config.KSB_TOPIC_SUFFIX,
  security: kafkaSecurity(service, config),
  ...(config.KSB_CASE_KEY_DIR && config.KSB_CASE_KEK_FILE
    ? { caseSeal: fileCaseSeal(config.KSB_CASE_KEY_DIR, config.KSB_CASE_KEK_FILE) }
    : {}),
});

/** Exit code when a consumer could not recover (BSD EX_TEMPFAIL): a restart of the process may well help. */
export const EX_TEMPFAIL = 75;

/**
 * The service's one Wire: client id defaults to the service name, kafkajs logs errors only, consumer
 * restarts go to the service log, and a consumer that cannot recover ends the process with EX_TEMPFAIL so
 * that its supervisor (Kubernetes, compose, npm start) starts it afresh. A service that also opens a publisher
 * passes the connection it opened it with, so both share one key store (one cache, one log being written).
 */
export const serviceWire = (
  service: string,
  config: ServiceConnectionConfig,
  logger?: ConsoleLogger,
  connection: ServiceConnection = serviceConnection(service, config),
): Wire =>
  new Wire({
    ...connection,
    logLevel: 'error',
    recovery: {
      ...(config.KSB_CONSUMER_GIVE_UP_MS ? { giveUpAfterMs: config.KSB_CONSUMER_GIVE_UP_MS } : {}),
      ...(config.KSB_CONSUMER_STALL_MS ? { stallAfterMs: config.KSB_CONSUMER_STALL_MS } : {}),
    },
    log: (entry) => logger?.warn(entry),
    onConsumerGaveUp: (health) => {
      logger?.fatal({ msg: 'consumer gave up', ...health });
      process.exit(EX_TEMPFAIL);
    },
  });
