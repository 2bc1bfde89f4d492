import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { derivedEventId } from '@ksb/wire';
import type { ConsumedEvent, ProcessorOutput, RegisteredSchema } from '@ksb/wire';
import { CANARY_SCHEMA } from '../router.tokens';
import {
  CANARY_INGEST_TOPIC,
  CANARY_RECORD,
  CANARY_ROUTED_TOPIC,
  stampHop,
  UnexpectedRecordError,
  type CanaryProbe,
} from './canary-probe';

/** Probes take the same transactional path as real events, so their latency is the real one. */
@Controller()
export class CanaryForwardController {
  constructor(@Inject(CANARY_SCHEMA) private readonly routedSchema: RegisteredSchema) {}

  @EventPattern(CANARY_INGEST_TOPIC)
  forward(@Payload() event: ConsumedEvent<CanaryProbe>): ProcessorOutput[] {
    if (event.kind === 'undecodable') return [{ kind: 'dead-letter', input: event }];
    if (event.recordName !== CANARY_RECORD) {
      return [
        {
          kind: 'dead-letter',
          input: { ...event, error: new UnexpectedRecordError(`${event.recordName} on ${event.topic}`) },
        },
      ];
    }
    const inputEventId = event.headers.eventId ?? event.value.probeId;
    return [
      {
        kind: 'event',
        event: {
          topic: CANARY_ROUTED_TOPIC,
          schema: this.routedSchema,
          key: event.key ?? event.value.probeId,
          value: stampHop(event.value, 'router', new Date()),
          eventId: derivedEventId('routed', inputEventId),
          correlationId: event.headers.correlationId ?? event.value.probeId,
          causationId: inputEventId,
        },
      },
    ];
  }
}
