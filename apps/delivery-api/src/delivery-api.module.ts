import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { AnswerBook, CaseTrails, DeliveryInbox } from '@ksb/delivery-inbox';
import type { Signer } from '@ksb/signatures';
import type { Directory } from '@ksb/directory';
import type { ApiKeyStore } from '@ksb/gateway-core';
import { healthProbes } from '@ksb/service';
import type { Wire } from '@ksb/wire';
import { DeliveriesController, type Limits, type ViewReader } from './deliveries.controller';
import type { AnswerDesk } from './answer-desk';
import { CasesController } from './cases.controller';
import type { DeliveryApiMetrics } from './delivery-api.metrics';
import { DocsController } from './docs.controller';
import { MetricsController } from './metrics.controller';
import { InboxController } from './inbox/inbox.controller';
import {
  ANSWERS,
  ANSWER_DESK,
  CASE_TRAILS,
  CREDENTIALS,
  DIRECTORY,
  INBOX,
  LIMITS,
  METRICS,
  STATUS_SIGNER,
  VIEWS,
} from './delivery-api.tokens';
import { OfficeAuthentication } from './office-authentication';
import { ProblemFilter } from './problem.filter';

export interface DeliveryApiDependencies {
  readonly credentials: ApiKeyStore;
  readonly inbox: DeliveryInbox;
  readonly answers: AnswerBook;
  readonly desk: AnswerDesk;
  readonly trails: CaseTrails;
  /** Signs the status trail's entries (the register's purpose status). */
  readonly statusSigner: Signer;
  /** The directory version in force (followed from the signed snapshot): the senders' contact persons. */
  readonly directory: () => Directory;
  /** Stopped, then the wire closed, when the app shuts down. */
  readonly stop: () => Promise<void>;
  readonly limits: Limits;
  /** Decodes a delivery's view when its office reads it (the inbox holds the bytes). */
  readonly views: ViewReader;
  /** Readiness: Kafka, the registry and the feed's consumer in its group and fetching. */
  readonly wire: Wire;
  /** Served at /metrics behind the operations token. */
  readonly metrics: DeliveryApiMetrics;
}

/** Composition root: binds what main.ts built to the tokens the controller asks for. */
@Module({})
export class DeliveryApiModule {
  static forRoot(deps: DeliveryApiDependencies): DynamicModule {
    const probes = healthProbes(deps.wire);
    return {
      module: DeliveryApiModule,
      controllers: [
        DeliveriesController,
        CasesController,
        InboxController,
        DocsController,
        MetricsController,
        ...probes.controllers,
      ],
      providers: [
        ...probes.providers,
        OfficeAuthentication,
        { provide: ANSWERS, useValue: deps.answers },
        { provide: ANSWER_DESK, useValue: deps.desk },
        { provide: CASE_TRAILS, useValue: deps.trails },
        { provide: STATUS_SIGNER, useValue: deps.statusSigner },
        { provide: CREDENTIALS, useValue: deps.credentials },
        { provide: INBOX, useValue: deps.inbox },
        { provide: LIMITS, useValue: deps.limits },
        { provide: VIEWS, useValue: deps.views },
        { provide: METRICS, useValue: deps.metrics },
        { provide: DIRECTORY, useValue: deps.directory },
        { provide: APP_FILTER, useClass: ProblemFilter },
        {
          provide: 'FOLLOWERS_SHUTDOWN',
          useFactory: () => ({ onApplicationShutdown: async () => (await deps.stop(), deps.wire.close()) }),
        },
      ],
    };
  }
}
