import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CANARY_INGEST_TOPIC, CANARY_ROUTED_TOPIC, type CanaryProbe } from '@ksb/contracts';
import { forwardCanaries } from '@ksb/service';
import type { InputSlice, RegisteredSchema, SliceOutputs } from '@ksb/wire';
import { CANARY_SCHEMA } from '../router.tokens';

/** Probes take the same transactional path as real events, so their latency is the real one. */
@Controller()
export class CanaryForwardController {
  constructor(@Inject(CANARY_SCHEMA) private readonly routedSchema: RegisteredSchema) {}

  @EventPattern(CANARY_INGEST_TOPIC)
  forward(@Payload() slice: InputSlice<CanaryProbe>): SliceOutputs {
    return forwardCanaries(slice, {
      topic: CANARY_ROUTED_TOPIC,
      schema: this.routedSchema,
      service: 'router',
      stage: 'routed',
    });
  }
}
