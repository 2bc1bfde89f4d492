import { Controller, Inject, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { DirectoryHolder } from '@ksb/directory-feed';
import { EVENT_TYPES } from '@ksb/contracts';
import { routeIngestedEvent, sealRouted } from '@ksb/routing-feature';
import type { CaseSeal } from '@ksb/case-keys';
import type { CaseRegister } from '@ksb/routing-rules';
import {
  eachEvent,
  logContext,
  sliceLogContext,
  tally,
  type ConsumedEvent,
  type InputSlice,
  type ProcessorOutput,
  type RegisteredSchema,
  type SliceOutputs,
} from '@ksb/wire';
import { CASE_REGISTER, CASE_SEAL, DIRECTORY_HOLDER, ROUTED_SCHEMAS, ROUTER_METRICS } from '../router.tokens';
import type { RouterMetrics } from '../http/router.metrics';

/** What a slice came to, for its one log line. */
interface Routed {
  readonly eventIds: string[];
  readonly rules: string[];
}

/** Transport adapter: the transactional server hands in decoded events and writes what we return. */
@Controller()
export class RoutingController {
  private readonly logger = new Logger('router');

  constructor(
    @Inject(DIRECTORY_HOLDER) private readonly directory: DirectoryHolder,
    @Inject(ROUTED_SCHEMAS) private readonly schemas: ReadonlyMap<string, RegisteredSchema>,
    @Inject(ROUTER_METRICS) private readonly metrics: RouterMetrics,
    @Inject(CASE_REGISTER) private readonly cases: CaseRegister,
    @Inject(CASE_SEAL) private readonly caseSeal: CaseSeal,
  ) {}

  // Every ingest topic of schemas/event-types.json: a new event type needs no new handler.
  @EventPattern(EVENT_TYPES.map((t) => t.ingestTopic))
  async route(@Payload() slice: InputSlice): Promise<SliceOutputs> {
    const routed: Routed = { eventIds: [], rules: [] };
    const outputs = await sealRouted(
      eachEvent(slice, (event) => this.routeOne(event, routed)),
      this.caseSeal,
    );
    if (routed.eventIds.length > 0)
      this.logger.log({
        msg: 'routed',
        ...sliceLogContext(slice),
        events: routed.eventIds.length,
        rules: tally(routed.rules),
        directoryVersion: this.directory.current().version,
        eventIds: routed.eventIds,
      });
    return outputs;
  }

  private routeOne(event: ConsumedEvent, routed: Routed): ProcessorOutput[] {
    const result = routeIngestedEvent(event, this.directory.current(), this.schemas, new Date(), this.cases);
    result.rules.forEach((rule) => this.metrics.decisions.inc({ rule }));
    if (result.deadLetterReason) {
      this.metrics.deadLetters.inc({ reason: result.deadLetterReason });
      this.logger.warn({ msg: 'dead-lettered', reason: result.deadLetterReason, ...logContext(event) });
    } else {
      routed.eventIds.push(logContext(event).eventId ?? event.offset);
      routed.rules.push(...result.rules);
    }
    return result.outputs;
  }
}
