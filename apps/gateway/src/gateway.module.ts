import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { CaseSeal } from '@ksb/case-keys';
import type { Directory } from '@ksb/directory';
import type { ApiKeyStore, ClientCertificateMode, IdempotencyCache, TokenBuckets } from '@ksb/gateway-core';
import type { IngestPublisher, PublishReceipt } from '@ksb/producer';
import { healthProbes } from '@ksb/service';
import type { Wire } from '@ksb/wire';
import { CaseKeysController } from './case-keys/case-keys.controller';
import { EventsController } from './events/events.controller';
import { DocsController } from './http/docs.controller';
import { ProblemFilter } from './http/problem.filter';
import {
  CASE_KEY_STORE,
  CLIENT_CERTIFICATES,
  CREDENTIALS,
  DIRECTORY,
  IDEMPOTENCY,
  INGEST_PUBLISHER,
  KEY_RATE_LIMITS,
  RATE_LIMITS,
} from './gateway.tokens';

export interface GatewayDependencies {
  readonly ingest: IngestPublisher;
  readonly credentials: ApiKeyStore;
  readonly rateLimits: TokenBuckets;
  /** The bridge's per-case keys (the ingest publisher's, closed with it); the key service hands out new ones. */
  readonly caseSeal: CaseSeal;
  /** Key requests per office: one per event a producer sends, so a budget of their own. */
  readonly keyRateLimits: TokenBuckets;
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
      controllers: [EventsController, CaseKeysController, DocsController, ...probes.controllers],
      providers: [
        ...probes.providers,
        { provide: INGEST_PUBLISHER, useValue: deps.ingest },
        { provide: CREDENTIALS, useValue: deps.credentials },
        { provide: RATE_LIMITS, useValue: deps.rateLimits },
        { provide: KEY_RATE_LIMITS, useValue: deps.keyRateLimits },
        { provide: CASE_KEY_STORE, useValue: deps.caseSeal.store },
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
