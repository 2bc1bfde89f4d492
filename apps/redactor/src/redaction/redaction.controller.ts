import { Controller, Inject, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EVENT_TYPES } from '@ksb/contracts';
import { redactRoutedEvent, type RedactionContext } from '@ksb/redaction-feature';
import {
  eachEventInTurn,
  logContext,
  type ConsumedEvent,
  type InputSlice,
  type ProcessorOutput,
  type SliceOutputs,
} from '@ksb/wire';
import { REDACTION_CONTEXT, REDACTOR_METRICS } from '../redactor.tokens';
import type { RedactorMetrics } from '../http/redactor.metrics';

/** Transport adapter: deliveries and reports go out in the transaction of the routed input. */
@Controller()
export class RedactionController {
  private readonly logger = new Logger('redactor');

  constructor(
    @Inject(REDACTION_CONTEXT) private readonly context: () => RedactionContext,
    @Inject(REDACTOR_METRICS) private readonly metrics: RedactorMetrics,
  ) {}

  // Every routed topic of schemas/event-types.json: a new event type needs no new handler.
  @EventPattern(EVENT_TYPES.map((t) => t.routedTopic))
  redact(@Payload() slice: InputSlice): Promise<SliceOutputs> {
    return eachEventInTurn(slice, (event) => this.redactOne(event));
  }

  private async redactOne(event: ConsumedEvent): Promise<ProcessorOutput[]> {
    const result = await redactRoutedEvent(event as never, this.context());
    const where = logContext(event);
    if (result.deadLetterReason) {
      this.metrics.deadLetters.inc({ reason: result.deadLetterReason });
      this.logger.warn({ msg: 'dead-lettered', reason: result.deadLetterReason, ...where });
    }
    for (const d of result.deliveries) {
      this.metrics.deliveries.inc({ office: d.officeId });
      this.metrics.removed.inc({ kind: 'removed' }, d.removedPaths.length);
      this.metrics.removed.inc({ kind: 'withheld' }, d.withheldPaths.length);
      // Paths and counts only: the log never holds a field value.
      this.logger.log({
        msg: 'delivered',
        office: d.officeId,
        removed: d.removedPaths,
        withheld: d.withheldPaths,
        ...where,
      });
    }
    return result.outputs;
  }
}
