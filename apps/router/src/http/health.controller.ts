import { Controller, Get, Header, Inject } from '@nestjs/common';
import type { DirectoryHolder } from '@ksb/directory-feed';
import { DIRECTORY_HOLDER, ROUTER_METRICS } from '../router.tokens';
import type { RouterMetrics } from './router.metrics';

@Controller()
export class HealthController {
  constructor(
    @Inject(DIRECTORY_HOLDER) private readonly directory: DirectoryHolder,
    @Inject(ROUTER_METRICS) private readonly metrics: RouterMetrics,
  ) {}

  @Get('health')
  health() {
    return { status: 'ok', directoryVersion: this.directory.current().version };
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  prometheus() {
    return this.metrics.registry.metrics();
  }
}
