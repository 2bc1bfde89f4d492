import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DeliveryInbox } from '@ksb/delivery-inbox';
import { loadDirectory } from '@ksb/directory';
import { ApiKeyStore, type StoredApiKey } from '@ksb/gateway-core';
import { bootstrapService, serviceWire, stopGracefully } from '@ksb/service';
import { loadDeliveryApiConfig } from './delivery-api.config';
import { DeliveryApiModule } from './delivery-api.module';
import { DeliveryFeed } from './delivery-feed';

const SERVICE = 'delivery-api';

async function bootstrap(): Promise<void> {
  const { logger, config } = bootstrapService(SERVICE, loadDeliveryApiConfig);
  const directory = loadDirectory();
  const keys = JSON.parse(readFileSync(config.KSB_DELIVERY_API_KEYS_FILE, 'utf8')) as StoredApiKey[];
  const wire = serviceWire(SERVICE, config, logger);
  const inbox = new DeliveryInbox();
  // Every instance reads every delivery, from the beginning, in a group of its own that it never commits to.
  const feed = new DeliveryFeed(wire, directory, inbox, wire.groupIdFor('delivery-feed'), (entry) =>
    logger.error(entry),
  );
  await feed.start();
  const tls = config.KSB_DELIVERY_API_TLS_CERT_FILE
    ? {
        cert: readFileSync(config.KSB_DELIVERY_API_TLS_CERT_FILE),
        key: readFileSync(config.KSB_DELIVERY_API_TLS_KEY_FILE ?? ''),
      }
    : undefined;
  const app = await NestFactory.create<NestExpressApplication>(
    DeliveryApiModule.forRoot({
      credentials: new ApiKeyStore(keys, directory),
      inbox,
      feed,
      wire,
      limits: { maxWaitSeconds: config.KSB_DELIVERY_API_MAX_WAIT_SECONDS, pageSize: 100 },
    }),
    { logger, ...(tls ? { httpsOptions: tls } : {}) },
  );
  stopGracefully(app, logger);
  await app.listen(config.KSB_DELIVERY_API_PORT, config.KSB_DELIVERY_API_HOST);
  logger.log({
    msg: 'ready',
    url: `${tls ? 'https' : 'http'}://${config.KSB_DELIVERY_API_HOST}:${config.KSB_DELIVERY_API_PORT}`,
    offices: keys.length,
    directoryVersion: directory.version,
  });
}

void bootstrap();
