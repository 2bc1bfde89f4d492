import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { CANARY_DELIVERY_TOPIC, CANARY_ROUTED_TOPIC, type CanaryProbe } from '@ksb/contracts';
import { forwardCanaries } from '@ksb/service';
import type { InputSlice, RegisteredSchema, SliceOutputs } from '@ksb/wire';
import { CANARY_SCHEMA } from '../redactor.tokens';

/** The last hop of a probe: to the canary recipient's topic, which no office reads. */
@Controller()
export class CanaryForwardController {
  constructor(@Inject(CANARY_SCHEMA) private readonly deliverySchema: RegisteredSchema) {}

  @EventPattern(CANARY_ROUTED_TOPIC)
  forward(@Payload() slice: InputSlice<CanaryProbe>): SliceOutputs {
    return forwardCanaries(slice, {
      topic: CANARY_DELIVERY_TOPIC,
      schema: this.deliverySchema,
      service: 'redactor',
      stage: 'delivered',
    });
  }
}
