import { Controller, Inject, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EVENT_TYPES } from '@ksb/contracts';
import { redactRoutedEvent, sealDeliveries, type RedactionContext } from '@ksb/redaction-feature';
import {
  eachEventInTurn,
  logContext,
  sliceLogContext,
  tally,
  type ConsumedEvent,
  type InputSlice,
  type ProcessorOutput,
  type SliceOutputs,
} from '@ksb/wire';
import { DELIVERY_SEAL, REDACTION_CONTEXT, REDACTOR_METRICS } from '../redactor.tokens';
import type { RedactorMetrics } from '../http/redactor.metrics';

/** What a slice came to, for its one log line. */
interface Delivered {
  readonly eventIds: string[];
  readonly offices: string[];
  removed: number;
  withheld: number;
}

/** Transport adapter: deliveries and reports go out in the transaction of the routed input. */
@Controller()
export class RedactionController {
  private readonly logger = new Logger('redactor');

  constructor(
    @Inject(REDACTION_CONTEXT) private readonly context: () => RedactionContext,
    @Inject(REDACTOR_METRICS) private readonly metrics: RedactorMetrics,
    @Inject(DELIVERY_SEAL) private readonly newSealerFor: (caseId: string) => Promise<(encoded: Buffer) => Buffer>,
  ) {}

  // Every routed topic of schemas/event-types.json: a new event type needs no new handler.
  @EventPattern(EVENT_TYPES.map((t) => t.routedTopic))
  async redact(@Payload() slice: InputSlice): Promise<SliceOutputs> {
    const delivered: Delivered = { eventIds: [], offices: [], removed: 0, withheld: 0 };
    const outputs = await sealDeliveries(
      await eachEventInTurn(slice, (event) => this.redactOne(event, delivered)),
      this.newSealerFor,
    );
    // Counts only: which paths were removed is in each redaction report, and the log never holds a value.
    if (delivered.offices.length > 0)
      this.logger.log({
        msg: 'delivered',
        ...sliceLogContext(slice),
        deliveries: delivered.offices.length,
        offices: tally(delivered.offices),
        removedFields: delivered.removed,
        withheldFields: delivered.withheld,
        eventIds: delivered.eventIds,
      });
    return outputs;
  }

  private async redactOne(event: ConsumedEvent, delivered: Delivered): Promise<ProcessorOutput[]> {
    const result = await redactRoutedEvent(event as never, this.context());
    if (result.deadLetterReason) {
      this.metrics.deadLetters.inc({ reason: result.deadLetterReason });
      this.logger.warn({ msg: 'dead-lettered', reason: result.deadLetterReason, ...logContext(event) });
    }
    if (result.deliveries.length > 0) delivered.eventIds.push(logContext(event).eventId ?? event.offset);
    for (const d of result.deliveries) {
      this.metrics.deliveries.inc({ office: d.officeId });
      this.metrics.removed.inc({ kind: 'removed' }, d.removedPaths.length);
      this.metrics.removed.inc({ kind: 'withheld' }, d.withheldPaths.length);
      delivered.offices.push(d.officeId);
      delivered.removed += d.removedPaths.length;
      delivered.withheld += d.withheldPaths.length;
    }
    return result.outputs;
  }
}
