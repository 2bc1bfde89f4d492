import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { Directory } from '@ksb/directory';
import type { ApiKeyStore, ClientCertificateMode, IdempotencyCache, TokenBuckets } from '@ksb/gateway-core';
import type { IngestPublisher, PublishReceipt } from '@ksb/producer';
import { healthProbes } from '@ksb/service';
import type { Wire } from '@ksb/wire';
import { EventsController } from './events/events.controller';
import { DocsController } from './http/docs.controller';
import { ProblemFilter } from './http/problem.filter';
import {
  CLIENT_CERTIFICATES,
  CREDENTIALS,
  DIRECTORY,
  IDEMPOTENCY,
  INGEST_PUBLISHER,
  RATE_LIMITS,
} from './gateway.tokens';

export interface GatewayDependencies {
  readonly ingest: IngestPublisher;
  readonly credentials: ApiKeyStore;
  readonly rateLimits: TokenBuckets;
  readonly idempotency: IdempotencyCache<PublishReceipt>;
  readonly directory: Directory;
  /** For the readiness probe: the same brokers and registry the ingest publisher uses. */
  readonly healthWire: Wire;
  /** Agencies' client certificates: off without a client CA; optional or required with one. */
  readonly clientCertificates: ClientCertificateMode;
}

/** Composition root: binds what main.ts built to the tokens the controllers ask for. */
@Module({})
export class GatewayModule {
  static forRoot(deps: GatewayDependencies): DynamicModule {
    const probes = healthProbes(deps.healthWire);
    return {
      module: GatewayModule,
      controllers: [EventsController, DocsController, ...probes.controllers],
      providers: [
        ...probes.providers,
        { provide: INGEST_PUBLISHER, useValue: deps.ingest },
        { provide: CREDENTIALS, useValue: deps.credentials },
        { provide: RATE_LIMITS, useValue: deps.rateLimits },
        { provide: IDEMPOTENCY, useValue: deps.idempotency },
        { provide: DIRECTORY, useValue: deps.directory },
        { provide: CLIENT_CERTIFICATES, useValue: deps.clientCertificates },
        { provide: APP_FILTER, useClass: ProblemFilter },
        {
          provide: 'INGEST_SHUTDOWN',
          useFactory: () => ({
            onApplicationShutdown: () => Promise.all([deps.ingest.close(), deps.healthWire.close()]),
          }),
        },
      ],
    };
  }
}
