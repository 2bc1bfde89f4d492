import { CANARY_RECORD, type CanaryProbe } from '@ksb/contracts';
import {
  derivedEventId,
  eachEvent,
  UnexpectedRecordTypeError,
  type ConsumedEvent,
  type InputSlice,
  type ProcessorOutput,
  type RegisteredSchema,
  type SliceOutputs,
} from '@ksb/wire';

interface NextHop {
  readonly topic: string;
  readonly schema: RegisteredSchema;
  readonly service: string;
  readonly stage: string;
}

/** A service's whole rule for probes: pass them on unchanged except for its own hop stamp. */
export const stampHop = (probe: CanaryProbe, service: string, at: Date): CanaryProbe => ({
  ...probe,
  hops: [...probe.hops, { service, at: at.toISOString() }],
});

/**
 * Forwards a canary probe to the next stage in the same transaction path real events take, so a probe's
 * round trip is the real latency of that route.
 */
export const forwardCanary = (event: ConsumedEvent<CanaryProbe>, next: NextHop): ProcessorOutput[] => {
  if (event.kind === 'undecodable') return [{ kind: 'dead-letter', input: event }];
  // The decoder enforces the catalogue's record types already; a probe forwarder checks again, cheaply.
  if (event.recordName !== CANARY_RECORD)
    return [
      {
        kind: 'dead-letter',
        input: { ...event, error: new UnexpectedRecordTypeError(`${event.recordName} on ${event.topic}`) },
      },
    ];
  const inputEventId = event.headers.eventId ?? event.value.probeId;
  return [
    {
      kind: 'event',
      event: {
        topic: next.topic,
        schema: next.schema,
        key: event.key ?? event.value.probeId,
        value: stampHop(event.value, next.service, new Date()),
        eventId: derivedEventId(next.stage, inputEventId),
        correlationId: event.headers.correlationId ?? event.value.probeId,
        causationId: inputEventId,
      },
    },
  ];
};

/** Every probe of a slice, forwarded: what a stage's canary handler answers. */
export const forwardCanaries = (slice: InputSlice<CanaryProbe>, next: NextHop): SliceOutputs =>
  eachEvent(slice, (event) => forwardCanary(event, next));
