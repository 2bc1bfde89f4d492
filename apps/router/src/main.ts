import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { bootstrapService } from '@ksb/service';
import { loadDirectory } from '@ksb/directory';
import { TransactionalKafkaServer, Wire } from '@ksb/wire';
import { loadRouterConfig } from './router.config';
import { RouterModule } from './router.module';

const SERVICE = 'router';

async function bootstrap(): Promise<void> {
  const { logger, config } = bootstrapService(SERVICE, loadRouterConfig);

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
