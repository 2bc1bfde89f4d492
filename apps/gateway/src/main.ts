import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { bootstrapService, serviceConnection, serviceWire, stopGracefully } from '@ksb/service';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadDirectory } from '@ksb/directory';
import { ApiKeyStore, IdempotencyCache, TokenBuckets, type StoredApiKey } from '@ksb/gateway-core';
import { IngestPublisher } from '@ksb/producer';
import { readSigner } from '@ksb/signatures';
import { loadGatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';

const SERVICE = 'gateway';

async function bootstrap(): Promise<void> {
  const { logger, config } = bootstrapService(SERVICE, loadGatewayConfig);
  const directory = loadDirectory();
  const keys = JSON.parse(readFileSync(config.KSB_GATEWAY_API_KEYS_FILE, 'utf8')) as StoredApiKey[];
  // Every office that authenticated with its API key is signed for with the gateway's proxy key; the router
  // records that the gateway, not the agency, signed (docs/adr/0014-signed-events-and-deliveries.md).
  const proxy = readSigner(config.KSB_GATEWAY_SIGNING_KEY_ID, config.KSB_GATEWAY_SIGNING_KEY_FILE);
  // What agencies send over HTTP is sealed under its case's key before it reaches Kafka (ADR 0023); the
  // publisher's wire holds the key store (the config requires it) and closes it.
  const connection = serviceConnection(SERVICE, config);
  const { caseSeal } = connection;
  if (!caseSeal) throw new Error('the gateway needs the per-case key store (KSB_CASE_KEY_DIR, KSB_CASE_KEK_FILE)');
  const ingest = await IngestPublisher.connect({ ...connection, signerFor: () => proxy, sealing: caseSeal });
  const tls = config.KSB_GATEWAY_TLS_CERT_FILE
    ? {
        cert: readFileSync(config.KSB_GATEWAY_TLS_CERT_FILE),
        key: readFileSync(config.KSB_GATEWAY_TLS_KEY_FILE ?? ''),
        ...(config.KSB_GATEWAY_TLS_CLIENT_CA_FILE
          ? // Asked for, not enforced by TLS: the guard decides per request, so a missing one gets a problem body.
            { ca: readFileSync(config.KSB_GATEWAY_TLS_CLIENT_CA_FILE), requestCert: true, rejectUnauthorized: false }
          : {}),
      }
    : undefined;
  const clientCertificates = config.KSB_GATEWAY_TLS_CLIENT_CA_FILE ? config.KSB_GATEWAY_TLS_CLIENT_CERT : 'off';
  const app = await NestFactory.create<NestExpressApplication>(
    GatewayModule.forRoot({
      ingest,
      directory,
      credentials: new ApiKeyStore(keys, directory),
      rateLimits: new TokenBuckets(config.KSB_GATEWAY_RATE_BURST, config.KSB_GATEWAY_RATE_PER_SECOND),
      keyRateLimits: new TokenBuckets(config.KSB_GATEWAY_KEY_RATE_BURST, config.KSB_GATEWAY_KEY_RATE_PER_SECOND),
      caseSeal,
      idempotency: new IdempotencyCache(config.KSB_GATEWAY_IDEMPOTENCY_HOURS * 3_600_000),
      healthWire: serviceWire(SERVICE, config, logger, connection),
      clientCertificates,
    }),
    { logger, bodyParser: false, ...(tls ? { httpsOptions: tls } : {}) },
  );
  stopGracefully(app, logger);
  await app.listen(config.KSB_GATEWAY_PORT, config.KSB_GATEWAY_HOST);
  logger.log({
    msg: 'ready',
    url: `${tls ? 'https' : 'http'}://${config.KSB_GATEWAY_HOST}:${config.KSB_GATEWAY_PORT}`,
    clientCertificates,
    offices: keys.length,
    directoryVersion: directory.version,
  });
}

void bootstrap();
