import { Controller, Inject, Logger } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  DEAD_LETTER_PORT,
  EVENT_PUBLISHER,
  newEventId,
  type ConsumedEvent,
  type DeadLetterPort,
  type EventPublisher,
  type RegisteredSchema,
} from '@ksb/wire';
import { CANARY_INGEST_TOPIC, CANARY_ROUTED_TOPIC, stampHop, type CanaryProbe } from './canary-probe';

export const ROUTED_CANARY_SCHEMA = Symbol('RoutedCanarySchema');

/** Transport adapter only: decoding happened in the deserializer, the rule lives in canary-probe.ts. */
@Controller()
export class CanaryForwardController {
  private readonly logger = new Logger(CanaryForwardController.name);

  constructor(
    @Inject(EVENT_PUBLISHER) private readonly publisher: EventPublisher,
    @Inject(DEAD_LETTER_PORT) private readonly deadLetters: DeadLetterPort,
    @Inject(ROUTED_CANARY_SCHEMA) private readonly routedSchema: RegisteredSchema,
  ) {}

  @EventPattern(CANARY_INGEST_TOPIC)
  async forward(@Payload() event: ConsumedEvent<CanaryProbe>): Promise<void> {
    if (event.kind === 'undecodable') {
      await this.deadLetters.send(event);
      this.logger.warn({
        msg: 'dead-lettered',
        topic: event.topic,
        partition: event.partition,
        offset: event.offset,
        reason: event.error.name,
      });
      return;
    }
    const eventId = newEventId();
    await this.publisher.publish({
      topic: CANARY_ROUTED_TOPIC,
      schema: this.routedSchema,
      key: event.key ?? event.value.probeId,
      value: stampHop(event.value, 'router', new Date()),
      eventId,
      correlationId: event.headers.correlationId ?? event.value.probeId,
      causationId: event.headers.eventId,
    });
    this.logger.log({
      msg: 'forwarded',
      eventId,
      correlationId: event.headers.correlationId,
      causationId: event.headers.eventId,
    });
  }
}
