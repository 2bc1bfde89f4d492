import { Controller, Get, Header, Inject } from '@nestjs/common';
import { DIRECTORY_HEALTH, ROUTER_METRICS } from '../router.tokens';
import type { RouterMetrics } from './router.metrics';

@Controller()
export class HealthController {
  constructor(
    @Inject(DIRECTORY_HEALTH) private readonly directory: () => Record<string, unknown>,
    @Inject(ROUTER_METRICS) private readonly metrics: RouterMetrics,
  ) {}

  @Get('health')
  health() {
    // Routing goes on with the version in use when a snapshot is refused; the refusal is shown and alerted.
    return { status: 'ok', ...this.directory() };
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  prometheus() {
    return this.metrics.registry.metrics();
  }
}
