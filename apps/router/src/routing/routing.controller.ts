import { Controller, Inject, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { DirectoryHolder } from '@ksb/directory-feed';
import { routeIngestedEvent } from '@ksb/routing-feature';
import type { CaseRegister } from '@ksb/routing-rules';
import { logContext, type ConsumedEvent, type ProcessorOutput, type RegisteredSchema } from '@ksb/wire';
import { CASE_REGISTER, DIRECTORY_HOLDER, ROUTED_SCHEMAS, ROUTER_METRICS } from '../router.tokens';
import type { RouterMetrics } from '../http/router.metrics';

/** Transport adapter: the transactional server hands in decoded events and writes what we return. */
@Controller()
export class RoutingController {
  private readonly logger = new Logger('router');

  constructor(
    @Inject(DIRECTORY_HOLDER) private readonly directory: DirectoryHolder,
    @Inject(ROUTED_SCHEMAS) private readonly schemas: ReadonlyMap<string, RegisteredSchema>,
    @Inject(ROUTER_METRICS) private readonly metrics: RouterMetrics,
    @Inject(CASE_REGISTER) private readonly cases: CaseRegister,
  ) {}

  @EventPattern('ksb.ingest.police-notification')
  policeNotification(@Payload() event: ConsumedEvent): ProcessorOutput[] {
    return this.route(event);
  }

  @EventPattern('ksb.ingest.jugendamt-urgent-notice')
  urgentNotice(@Payload() event: ConsumedEvent): ProcessorOutput[] {
    return this.route(event);
  }

  @EventPattern('ksb.ingest.acknowledgement')
  acknowledgement(@Payload() event: ConsumedEvent): ProcessorOutput[] {
    return this.route(event);
  }

  private route(event: ConsumedEvent): ProcessorOutput[] {
    const result = routeIngestedEvent(event, this.directory.current(), this.schemas, new Date(), this.cases);
    result.rules.forEach((rule) => this.metrics.decisions.inc({ rule }));
    const where = logContext(event);
    if (result.deadLetterReason) {
      this.metrics.deadLetters.inc({ reason: result.deadLetterReason });
      this.logger.warn({ msg: 'dead-lettered', reason: result.deadLetterReason, ...where });
    } else {
      this.logger.log({
        msg: 'routed',
        rules: result.rules,
        directoryVersion: this.directory.current().version,
        ...where,
      });
    }
    return result.outputs;
  }
}
