import type { KeyObject } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import type { AuditWriter } from '@ksb/audit-feature';
import { healthProbes } from '@ksb/service';
import type { Wire } from '@ksb/wire';
import { AUDIT_WRITER, SIGNING_KEY } from './audit-writer.tokens';
import { AuditController } from './http/audit.controller';

/** Composition root: the writer runs on the stages' transactional loop; Nest serves health, metrics and the public key. */
@Module({})
export class AuditWriterModule {
  static forRoot(writer: AuditWriter, key: KeyObject, wire: Wire): DynamicModule {
    const probes = healthProbes(wire);
    return {
      module: AuditWriterModule,
      controllers: [AuditController, ...probes.controllers],
      providers: [
        ...probes.providers,
        { provide: AUDIT_WRITER, useValue: writer },
        { provide: SIGNING_KEY, useValue: key },
        {
          provide: 'WRITER_LIFECYCLE',
          useFactory: () => ({ beforeApplicationShutdown: () => writer.stop() }),
        },
      ],
    };
  }
}
