import { Controller, Get, Header, Inject } from '@nestjs/common';
import type { RedactionContext } from '@ksb/redaction-feature';
import { DIRECTORY_HEALTH, REDACTION_CONTEXT, REDACTOR_METRICS } from '../redactor.tokens';
import type { RedactorMetrics } from './redactor.metrics';

@Controller()
export class HealthController {
  constructor(
    @Inject(REDACTION_CONTEXT) private readonly context: () => RedactionContext,
    @Inject(REDACTOR_METRICS) private readonly metrics: RedactorMetrics,
    @Inject(DIRECTORY_HEALTH) private readonly directory: () => Record<string, unknown>,
  ) {}

  @Get('health')
  health() {
    return { status: 'ok', ...this.directory(), policyVersion: this.context().policy.version };
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  prometheus() {
    return this.metrics.registry.metrics();
  }
}
