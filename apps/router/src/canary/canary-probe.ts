import type { CanaryProbe } from '@ksb/contracts';
import { BridgeError } from '@ksb/errors';

export type { CanaryProbe };

export const CANARY_RECORD = 'de.kinderschutz.bridge.ops.CanaryProbe';
export const CANARY_INGEST_TOPIC = 'ksb.ingest.canary';
export const CANARY_ROUTED_TOPIC = 'ksb.routed.canary';

/** The router's whole rule for probes: pass them on unchanged except for its own hop stamp. */
export const stampHop = (probe: CanaryProbe, service: string, at: Date): CanaryProbe => ({
  ...probe,
  hops: [...probe.hops, { service, at: at.toISOString() }],
});

/** A decodable record of another type on the canary topic: dead-lettered, never forwarded as a probe. */
export class UnexpectedRecordError extends BridgeError {
  readonly code = 'UNEXPECTED_RECORD';
  readonly retriable = false;
}
