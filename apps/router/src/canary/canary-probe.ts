import type { CanaryProbe } from '@ksb/contracts';

export type { CanaryProbe };

export const CANARY_RECORD = 'de.kinderschutz.bridge.ops.CanaryProbe';
export const CANARY_INGEST_TOPIC = 'ksb.ingest.canary';
export const CANARY_ROUTED_TOPIC = 'ksb.routed.canary';

/** The router's whole rule for probes: pass them on unchanged except for its own hop stamp. */
export const stampHop = (probe: CanaryProbe, service: string, at: Date): CanaryProbe => ({
  ...probe,
  hops: [...probe.hops, { service, at: at.toISOString() }],
});
