import 'reflect-metadata';
import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadDirectory } from '@ksb/directory';
import { TransactionalKafkaServer, Wire } from '@ksb/wire';
import { loadRouterConfig } from './router.config';
import { RouterModule } from './router.module';

const SERVICE = 'router';
const LOG_LEVELS: Record<string, LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
};

async function bootstrap(): Promise<void> {
  const logger = new ConsoleLogger(SERVICE, { json: true });
  let config;
  try {
    config = loadRouterConfig();
  } catch (error) {
    logger.fatal((error as Error).message);
    process.exit(78); // EX_CONFIG: the deployment is wrong, restarting will not help
  }
  logger.setLogLevels(LOG_LEVELS[config.KSB_LOG_LEVEL]);

  const wire = new Wire({
    brokers: config.KSB_KAFKA_BROKERS,
    registryUrl: config.KSB_REGISTRY_URL,
    clientId: config.KSB_KAFKA_CLIENT_ID ?? SERVICE,
    topicSuffix: config.KSB_TOPIC_SUFFIX,
    logLevel: 'error',
  });
  // The bundled directory until the directory topic delivers a snapshot; every decision records which.
  const directory = loadDirectory();
  const app = await NestFactory.create(
    RouterModule.forRoot(wire, directory, (entry) => logger.log(entry)),
    { logger },
  );
  app.connectMicroservice(
    {
      strategy: new TransactionalKafkaServer({
        wire,
        groupId: config.KSB_ROUTER_GROUP_ID,
        service: SERVICE,
        sessionTimeoutMs: config.KSB_ROUTER_SESSION_TIMEOUT_MS,
      }),
    },
    { inheritAppConfig: true },
  );
  app.enableShutdownHooks();
  await app.startAllMicroservices();
  await app.listen(config.KSB_ROUTER_PORT, config.KSB_ROUTER_HOST);
  logger.log({
    msg: 'ready',
    groupId: config.KSB_ROUTER_GROUP_ID,
    topicSuffix: config.KSB_TOPIC_SUFFIX ?? null,
    directoryVersion: directory.version,
    port: config.KSB_ROUTER_PORT,
  });
}

void bootstrap();
