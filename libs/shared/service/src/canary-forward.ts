import { CANARY_RECORD, type CanaryProbe } from '@ksb/contracts';
import {
  derivedEventId,
  UnexpectedRecordTypeError,
  type ConsumedEvent,
  type ProcessorOutput,
  type RegisteredSchema,
} from '@ksb/wire';

/** A service's whole rule for probes: pass them on unchanged except for its own hop stamp. */
export const stampHop = (probe: CanaryProbe, service: string, at: Date): CanaryProbe => ({
  ...probe,
  hops: [...probe.hops, { service, at: at.toISOString() }],
});

/**
 * Forwards a canary probe to the next stage in the same transaction path real events take, so a probe's
 * round trip is the real latency of that route.
 */
export const forwardCanary = (
  event: ConsumedEvent<CanaryProbe>,
  next: { topic: string; schema: RegisteredSchema; service: string; stage: string },
): ProcessorOutput[] => {
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
