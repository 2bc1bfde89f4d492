import 'reflect-metadata';
import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Partitioners } from 'kafkajs';
import { AvroKafkaDeserializer, SuffixedServerKafka, Wire } from '@ksb/wire';
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
  const config = (() => {
    try {
      return loadRouterConfig();
    } catch (error) {
      logger.fatal((error as Error).message);
      process.exit(78); // EX_CONFIG: the deployment is wrong, restarting will not help
    }
  })();
  logger.setLogLevels(LOG_LEVELS[config.KSB_LOG_LEVEL]);

  const wire = new Wire({
    brokers: config.KSB_KAFKA_BROKERS,
    registryUrl: config.KSB_REGISTRY_URL,
    clientId: config.KSB_KAFKA_CLIENT_ID ?? SERVICE,
    topicSuffix: config.KSB_TOPIC_SUFFIX,
  });
  const strategy = new SuffixedServerKafka(
    {
      client: { clientId: SERVICE, brokers: config.KSB_KAFKA_BROKERS },
      consumer: { groupId: config.KSB_ROUTER_GROUP_ID },
      producer: { createPartitioner: Partitioners.DefaultPartitioner },
      // kafkajs appends "-server" to the group id unless told otherwise; operators expect the name they set.
      postfixId: '',
      parser: { keepBinary: true },
      deserializer: new AvroKafkaDeserializer(wire.codec, config.KSB_TOPIC_SUFFIX),
      subscribe: { fromBeginning: true },
    },
    config.KSB_TOPIC_SUFFIX,
  );
  const app = await NestFactory.createMicroservice(RouterModule.forRoot(wire), { strategy, logger });
  app.enableShutdownHooks();
  await app.listen();
  logger.log({ msg: 'ready', groupId: config.KSB_ROUTER_GROUP_ID, topicSuffix: config.KSB_TOPIC_SUFFIX ?? null });
}

void bootstrap();
