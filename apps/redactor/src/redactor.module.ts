import { Module, type DynamicModule } from '@nestjs/common';
import { healthProbes } from '@ksb/service';
import { followDirectory } from '@ksb/directory-feed';
import { CANARY_DELIVERY_TOPIC, CANARY_RECORD, RECORD, REDACTION_REPORT_TOPIC } from '@ksb/contracts';
import type { Directory } from '@ksb/directory';
import type { RedactionPolicy } from '@ksb/redaction';
import { ContentKeys } from '@ksb/envelopes';
import { deliveryTopicSpecs, ViewSchemas, type RedactionContext } from '@ksb/redaction-feature';
import type { Signer } from '@ksb/signatures';
import type { Wire } from '@ksb/wire';
import { HealthController } from './http/health.controller';
import { RedactorMetrics } from './http/redactor.metrics';
import { RedactionController } from './redaction/redaction.controller';
import { CanaryForwardController } from './canary/canary-forward.controller';
import { CANARY_SCHEMA, DELIVERY_SEAL, DIRECTORY_HEALTH, REDACTION_CONTEXT, REDACTOR_METRICS } from './redactor.tokens';

const REPORT_RECORD = RECORD.RedactionReport;

/** Composition root: policy, directory (followed at run time), view schemas, metrics. */
@Module({})
export class RedactorModule {
  static forRoot(
    wire: Wire,
    directory: Directory,
    policy: RedactionPolicy,
    deliverySigner: Signer,
    log: (entry: object) => void,
  ): DynamicModule {
    const metrics = new RedactorMetrics();
    const { holder, watcher, health } = followDirectory(wire, directory, metrics.registry, log);
    const probes = healthProbes(wire);
    return {
      module: RedactorModule,
      controllers: [RedactionController, CanaryForwardController, HealthController, ...probes.controllers],
      providers: [
        ...probes.providers,
        { provide: REDACTOR_METRICS, useValue: metrics },
        {
          provide: DELIVERY_SEAL,
          useFactory: () => {
            const caseSeal = wire.caseSeal;
            if (!caseSeal)
              throw new Error('the redactor needs the per-case key store (KSB_CASE_KEY_DIR, KSB_CASE_KEK_FILE)');
            return async (caseId: string) => (await caseSeal.newSealerFor(caseId)).seal;
          },
        },
        { provide: DIRECTORY_HEALTH, useValue: health },
        { provide: CANARY_SCHEMA, useFactory: () => wire.registerSchema(CANARY_DELIVERY_TOPIC, CANARY_RECORD) },
        {
          // A function, so each event uses the directory version in force when it is redacted.
          provide: REDACTION_CONTEXT,
          useFactory: async () => {
            const reportSchema = await wire.registerSchema(REDACTION_REPORT_TOPIC, REPORT_RECORD);
            const contentKeys = new ContentKeys();
            let specsFor = holder.current();
            let views = new ViewSchemas(wire, new Map(deliveryTopicSpecs(specsFor, policy).map((s) => [s.name, s])));
            return (): RedactionContext => {
              if (holder.current() !== specsFor) {
                specsFor = holder.current();
                views = new ViewSchemas(wire, new Map(deliveryTopicSpecs(specsFor, policy).map((s) => [s.name, s])));
              }
              return { directory: specsFor, policy, views, reportSchema, deliverySigner, contentKeys };
            };
          },
        },
        {
          provide: 'DIRECTORY_WATCHER',
          useFactory: () => ({
            onApplicationBootstrap: () => watcher.start('redactor'),
            beforeApplicationShutdown: () => watcher.stop(),
          }),
        },
        { provide: 'WIRE_SHUTDOWN', useFactory: () => ({ onApplicationShutdown: () => wire.close() }) },
      ],
    };
  }
}
