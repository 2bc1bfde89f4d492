import { userInfo } from 'node:os';
import { z } from 'zod';
import { kafkaSecurity, kafkaVariables, loadConfig } from '@ksb/config';
import { TOPIC_SUFFIX_PATTERN } from '@ksb/contracts';
import { Wire } from '@ksb/wire';
import { fileCaseSeal } from '@ksb/case-keys';

const schema = z.object({
  ...kafkaVariables,
  KSB_TOPIC_SUFFIX: z.string().regex(TOPIC_SUFFIX_PATTERN).optional(),
  /** 1 on the local single node; 3 (with min.insync 2) on the cluster and in production. */
  KSB_REPLICATION_FACTOR: z.coerce.number().int().min(1).default(1),
  KSB_MIN_INSYNC_REPLICAS: z.coerce.number().int().min(1).default(1),
  /** The audit public key (PEM) that `ksb audit verify|export` trust; --public-key overrides it. */
  KSB_AUDIT_PUBLIC_KEY_FILE: z.string().min(1).optional(),
  /** The register of signing keys the directory carries (`ksb directory publish`, `ksb delivery verify`). */
  KSB_SIGNING_KEYS_FILE: z.string().min(1).optional(),
  /** The directory maintainer's private key and its id: `ksb directory publish` signs each version with it. */
  KSB_DIRECTORY_SIGNING_KEY_FILE: z.string().min(1).optional(),
  KSB_DIRECTORY_SIGNING_KEY_ID: z.string().min(1).optional(),
  /** Private keys by owner, for `ksb demo`, which sends as several offices (local stack only). */
  KSB_SIGNING_KEYRING_FILE: z.string().min(1).optional(),
  /** Where `ksb lag` asks the lag monitor. */
  KSB_LAG_MONITOR_URL: z.string().url().default('http://127.0.0.1:8093'),
  /** Where `ksb case status` asks for a case's status trail, with the office's API key. */
  KSB_DELIVERY_API_URL: z.string().url().default('http://127.0.0.1:8094'),
  KSB_API_KEY: z.string().min(1).optional(),
  /** The per-case key store `ksb case erase` destroys keys in (ADR 0023); the stages' KSB_CASE_KEY_DIR. */
  KSB_CASE_KEY_DIR: z.string().min(1).optional(),
  KSB_CASE_KEK_FILE: z.string().min(1).optional(),
});

export type CliConfig = z.infer<typeof schema>;
export const loadCliConfig = (): CliConfig => loadConfig('ksb', schema);

/** The Kafka and registry connection every ksb command uses, quiet: failures surface as ksb's own errors. */
export const cliWire = (config: CliConfig): Wire =>
  new Wire({
    brokers: config.KSB_KAFKA_BROKERS,
    registryUrl: config.KSB_REGISTRY_URL,
    clientId: 'ksb-cli',
    topicSuffix: config.KSB_TOPIC_SUFFIX,
    security: kafkaSecurity('ksb', config),
    logLevel: 'nothing',
    // With the key store, sealed records open (`ksb dlq show --content`): who holds it is the auditor's role.
    ...(config.KSB_CASE_KEY_DIR && config.KSB_CASE_KEK_FILE
      ? { caseSeal: fileCaseSeal(config.KSB_CASE_KEY_DIR, config.KSB_CASE_KEK_FILE) }
      : {}),
  });

/** The operating-system user; a container without a passwd entry for its uid has none, and says so. */
const osUser = (): string => {
  try {
    return userInfo().username;
  } catch {
    return `uid ${process.getuid?.() ?? 'unknown'}`;
  }
};

/** Who an audited operator action (a requeue, an erasure) names: the Kafka identity, else the OS user. */
export const operatorName = (config: CliConfig): string => config.KSB_KAFKA_SASL_USERNAME ?? osUser();

export const NEEDS_KEY_STORE = (command: string) =>
  `${command} needs the per-case key store: set KSB_CASE_KEY_DIR and KSB_CASE_KEK_FILE`;
