import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { bootstrapService, EX_CONFIG } from '@ksb/service';
import { readFieldClassVocabulary } from '@ksb/contracts';
import { loadDirectory } from '@ksb/directory';
import { lintPolicy, loadLegalCeiling, loadPolicy } from '@ksb/redaction';
import { TransactionalKafkaServer, Wire } from '@ksb/wire';
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
  const wire = new Wire({
    brokers: config.KSB_KAFKA_BROKERS,
    registryUrl: config.KSB_REGISTRY_URL,
    clientId: config.KSB_KAFKA_CLIENT_ID ?? SERVICE,
    topicSuffix: config.KSB_TOPIC_SUFFIX,
    logLevel: 'error',
  });
  const directory = loadDirectory();
  const app = await NestFactory.create(
    RedactorModule.forRoot(wire, directory, policy, (entry) => logger.log(entry)),
    { logger },
  );
  app.connectMicroservice(
    {
      strategy: new TransactionalKafkaServer({
        wire,
        groupId: config.KSB_REDACTOR_GROUP_ID,
        service: SERVICE,
        sessionTimeoutMs: config.KSB_REDACTOR_SESSION_TIMEOUT_MS,
      }),
    },
    { inheritAppConfig: true },
  );
  app.enableShutdownHooks();
  await app.startAllMicroservices();
  await app.listen(config.KSB_REDACTOR_PORT, config.KSB_REDACTOR_HOST);
  logger.log({
    msg: 'ready',
    groupId: config.KSB_REDACTOR_GROUP_ID,
    policyVersion: policy.version,
    directoryVersion: directory.version,
    port: config.KSB_REDACTOR_PORT,
  });
}

void bootstrap();
