import { z } from 'zod';

/** Comma-separated host:port list, as operators write it in KSB_KAFKA_BROKERS. */
export const brokerList = z
  .string()
  .min(1)
  .transform((raw) => raw.split(',').map((b) => b.trim()))
  .pipe(z.array(z.string().regex(/^[^:\s]+:\d{1,5}$/, 'expected host:port[,host:port...]')).min(1));

/** Connection settings every service needs; defaults point at the local stack started by `npm start`. */
export const kafkaVariables = {
  KSB_KAFKA_BROKERS: brokerList.default(['127.0.0.1:9092']),
  KSB_REGISTRY_URL: z.url().default('https://127.0.0.1:8081/apis/ccompat/v7'),
  KSB_KAFKA_CLIENT_ID: z.string().min(1).optional(),
  /**
   * A stage's consumer out of its group this long (crashed and not restarted, or never rejoined) gives up
   * and the process exits non-zero, for its supervisor to restart. Longer than a broker restart.
   */
  KSB_CONSUMER_GIVE_UP_MS: z.coerce.number().int().min(5000).default(120_000),
  /** Input waiting this long without progress makes /health/live fail. */
  KSB_CONSUMER_STALL_MS: z.coerce.number().int().min(5000).default(120_000),
  /** TLS to the brokers: the CA (PEM file) that signed their certificates; KSB_KAFKA_TLS=true uses the system's. */
  KSB_KAFKA_CA_FILE: z.string().min(1).optional(),
  KSB_KAFKA_TLS: z.enum(['true', 'false']).optional(),
  /** The SCRAM-SHA-512 identity (docs/adr/0013): one user per stage and per office. */
  KSB_KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KSB_KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  /** The password in a file (a mounted secret), instead of KSB_KAFKA_SASL_PASSWORD. */
  KSB_KAFKA_SASL_PASSWORD_FILE: z.string().min(1).optional(),
  /**
   * The registry credential (HTTP basic) when it is not the Kafka identity, e.g. an OIDC client that Apicurio
   * exchanges for a token on a platform; unset, the Kafka identity is used (docs/adr/0013).
   */
  KSB_REGISTRY_USERNAME: z.string().min(1).optional(),
  KSB_REGISTRY_PASSWORD_FILE: z.string().min(1).optional(),
};

export const port = z.coerce.number().int().min(1).max(65535);

/** What the transactional stages (router, redactor) share. */
export const stageVariables = {
  /**
   * kafkajs only (librdkafka takes all its partitions in one transaction per poll): input partitions a stage
   * works at the same time, each in its own transaction (its own transactional id, docs/adr/0008). Order
   * within a partition, and so within a case, is kept whatever the value. 1 by default: on the local stack
   * 4 made p99 at 1,000 events/s 2.8 × worse (smaller transactions, more of them, docs/benchmarks/pipeline.md);
   * where the broker is milliseconds away, more may pay.
   */
  KSB_STAGE_PARTITIONS_IN_PARALLEL: z.coerce.number().int().min(1).max(64).default(1),
  /**
   * The Kafka client that runs the stage's transactional loop (docs/adr/0022): kafkajs, or librdkafka through
   * @confluentinc/kafka-javascript (KIP-447, one transaction per poll), built by deploy/local/native-client.mjs.
   */
  KSB_STAGE_KAFKA_CLIENT: z.enum(['kafkajs', 'librdkafka']).default('kafkajs'),
  /**
   * librdkafka only: this instance's transactional id, the same across its restarts so a restart fences what
   * its predecessor left open (a StatefulSet pod name). Unset: service, host name and HTTP port.
   */
  KSB_STAGE_TRANSACTIONAL_ID: z.string().min(1).optional(),
};

/**
 * The credential for health-adjacent operations surfaces (metrics, /api/lag, the dashboard, the audit key
 * endpoint) whenever a service listens beyond loopback: metrics carry volumes per office. Required then.
 */
export const operationsVariables = {
  KSB_OPS_TOKEN: z.string().min(24, 'at least 24 characters (openssl rand -base64 24)').optional(),
};

/**
 * Per-case data keys (ADR 0023), for the stages that read content (router, redactor, audit writer): the key
 * store's directory, shared by them, and the key-encryption key (32 random bytes, base64) in a secret file.
 * Destroying a case's key there (`ksb case erase`) leaves every sealed record of the case unreadable.
 */
export const caseKeyVariables = {
  KSB_CASE_KEY_DIR: z.string().min(1),
  KSB_CASE_KEK_FILE: z.string().min(1),
};
