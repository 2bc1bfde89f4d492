import { Controller, Get, Header, Inject, ServiceUnavailableException } from '@nestjs/common';
import type { DeadLetterTally } from '@ksb/dead-letters';
import type { DeadlineMonitor, LagMonitor } from '@ksb/operations-feature';
import { DASHBOARD_HTML } from '../dashboard/dashboard.html';
import { DEAD_LETTER_TALLY, DEADLINE_MONITOR, LAG_METRICS, LAG_MONITOR } from '../lag-monitor.tokens';
import type { LagMetrics } from './lag.metrics';

/** The dashboard page, its JSON API (also what `ksb lag` prints) and the Prometheus endpoint. */
@Controller()
export class LagApiController {
  constructor(
    @Inject(LAG_MONITOR) private readonly monitor: LagMonitor,
    @Inject(LAG_METRICS) private readonly metrics: LagMetrics,
    @Inject(DEADLINE_MONITOR) private readonly deadlines: DeadlineMonitor,
    @Inject(DEAD_LETTER_TALLY) private readonly deadLetters: DeadLetterTally,
  ) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  dashboard() {
    return DASHBOARD_HTML;
  }

  @Get('api/lag')
  lag() {
    const snapshot = this.monitor.latest();
    if (!snapshot) throw new ServiceUnavailableException({ status: 'no poll yet', ...this.monitor.health() });
    // Overdue deliveries and dead letters beside lag: each means a notification is not where it should be.
    return { ...snapshot, escalations: this.deadlines.open(), deadLetters: this.deadLetters.summary(Date.now()) };
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  prometheus() {
    return this.metrics.registry.metrics();
  }

  @Get('health')
  health() {
    const health = this.monitor.health();
    return { status: health.polled && !health.lastPollError ? 'ok' : 'degraded', ...health };
  }
}
