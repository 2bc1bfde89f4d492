import { Controller, Get, Header, Inject } from '@nestjs/common';
import type { DeliveryApiMetrics } from './delivery-api.metrics';
import { METRICS } from './delivery-api.tokens';

/** Prometheus metrics; main.ts puts the operations token in front of them (offices' keys do not open them). */
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS) private readonly metrics: DeliveryApiMetrics) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4')
  prometheus() {
    return this.metrics.registry.metrics();
  }
}
