import { Module, type DynamicModule } from '@nestjs/common';
import type { DeadLetterTally } from '@ksb/dead-letters';
import type { DeadlineMonitor, LagMonitor } from '@ksb/operations-feature';
import { healthProbes } from '@ksb/service';
import type { Wire } from '@ksb/wire';
import { LagApiController } from './http/lag-api.controller';
import type { LagMetrics } from './http/lag.metrics';
import { DEAD_LETTER_TALLY, DEADLINE_MONITOR, LAG_METRICS, LAG_MONITOR } from './lag-monitor.tokens';

/** Composition root: the monitor runs its own poll loop; Nest serves dashboard, API, metrics and probes. */
@Module({})
export class LagMonitorModule {
  static forRoot(
    monitor: LagMonitor,
    deadlines: DeadlineMonitor,
    deadLetters: DeadLetterTally,
    metrics: LagMetrics,
    wire: Wire,
  ): DynamicModule {
    const probes = healthProbes(wire);
    return {
      module: LagMonitorModule,
      controllers: [LagApiController, ...probes.controllers],
      providers: [
        ...probes.providers,
        { provide: LAG_MONITOR, useValue: monitor },
        { provide: LAG_METRICS, useValue: metrics },
        { provide: DEADLINE_MONITOR, useValue: deadlines },
        { provide: DEAD_LETTER_TALLY, useValue: deadLetters },
        {
          provide: 'MONITOR_LIFECYCLE',
          useFactory: () => ({
            beforeApplicationShutdown: async () => (await monitor.stop(), deadlines.stop()),
            onApplicationShutdown: () => wire.close(),
          }),
        },
      ],
    };
  }
}
