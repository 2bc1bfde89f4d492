import { Controller, Inject, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { DirectoryHolder } from '@ksb/directory-feed';
import { EVENT_TYPES } from '@ksb/contracts';
import { routeIngestedEvent } from '@ksb/routing-feature';
import type { CaseRegister } from '@ksb/routing-rules';
import {
  eachEvent,
  logContext,
  type ConsumedEvent,
  type InputSlice,
  type ProcessorOutput,
  type RegisteredSchema,
  type SliceOutputs,
} from '@ksb/wire';
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

  // Every ingest topic of schemas/event-types.json: a new event type needs no new handler.
  @EventPattern(EVENT_TYPES.map((t) => t.ingestTopic))
  route(@Payload() slice: InputSlice): SliceOutputs {
    return eachEvent(slice, (event) => this.routeOne(event));
  }

  private routeOne(event: ConsumedEvent): ProcessorOutput[] {
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
