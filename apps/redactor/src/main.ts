import 'reflect-metadata';
import { bootstrapService, EX_CONFIG, runTransactionalService, serviceWire } from '@ksb/service';
import { readFieldClassVocabulary } from '@ksb/contracts';
import { loadDirectory, withSigningKeys } from '@ksb/directory';
import { readKeyRegister, readSigner } from '@ksb/signatures';
import { lintPolicy, loadLegalCeiling, loadPolicy } from '@ksb/redaction';
import { loadRedactorConfig } from './redactor.config';
import { RedactorModule } from './redactor.module';

const SERVICE = 'redactor';

async function bootstrap(): Promise<void> {
  const { logger, config } = bootstrapService(SERVICE, loadRedactorConfig);
  const policy = loadPolicy();
  // A policy that fails its lint must never serve: it could let a forbidden class cross.
  const problems = lintPolicy(policy, loadLegalCeiling(), readFieldClassVocabulary());
  if (problems.length) {
    logger.fatal({ msg: 'redaction policy refused', policyVersion: policy.version, problems });
    process.exit(EX_CONFIG);
  }
  const wire = serviceWire(SERVICE, config, logger);
  // The maintainer keys of this register, not of any snapshot, decide which directory versions it switches to.
  const directory = withSigningKeys(loadDirectory(), readKeyRegister(config.KSB_SIGNING_KEYS_FILE));
  await runTransactionalService({
    service: SERVICE,
    module: RedactorModule.forRoot(
      wire,
      directory,
      policy,
      readSigner(config.KSB_REDACTOR_SIGNING_KEY_ID, config.KSB_REDACTOR_SIGNING_KEY_FILE),
      (entry) => logger.log(entry),
    ),
    wire,
    logger,
    groupId: config.KSB_REDACTOR_GROUP_ID,
    sessionTimeoutMs: config.KSB_REDACTOR_SESSION_TIMEOUT_MS,
    partitionsInParallel: config.KSB_STAGE_PARTITIONS_IN_PARALLEL,
    client: { kind: config.KSB_STAGE_KAFKA_CLIENT, transactionalId: config.KSB_STAGE_TRANSACTIONAL_ID },
    host: config.KSB_REDACTOR_HOST,
    operationsToken: config.KSB_OPS_TOKEN,
    port: config.KSB_REDACTOR_PORT,
    ready: { policyVersion: policy.version, directoryVersion: directory.version },
  });
}

void bootstrap();
