import { Controller, Get, Inject, ServiceUnavailableException, type Provider } from '@nestjs/common';
import type { ConsumerHealth, Wire } from '@ksb/wire';

export const HEALTH_WIRE = Symbol('HealthWire');

export interface Readiness {
  readonly ok: boolean;
  readonly broker: string;
  readonly registry: string;
  /** Every supervised consumer of the service: member of its group and fetching? */
  readonly consumers: readonly ConsumerHealth[];
}

export interface Liveness {
  readonly ok: boolean;
  readonly consumers: readonly ConsumerHealth[];
}

/** Has any consumer given up, or sat on waiting input past the stall time? Then restart the process. */
export const liveness = (wire: Wire): Liveness => {
  const consumers = wire.consumerHealth();
  return { ok: consumers.every((c) => c.live), consumers };
};

const within = <T>(work: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([
    work,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms),
    ),
  ]);

/**
 * Can this service do its work right now: reach the Kafka cluster and the schema registry, and is each of
 * its consumers a member of its group and fetching? A process that answers but whose consumer has crashed
 * is not ready.
 */
export const readiness = async (wire: Wire, timeoutMs = 2000): Promise<Readiness> => {
  const [broker, registry] = await Promise.all([
    within(
      wire.withAdmin((admin) => admin.describeCluster()),
      timeoutMs,
      'Kafka',
    ).then(
      (c) => `ok (${c.brokers.length} brokers)`,
      (e: Error) => `unreachable: ${e.message}`,
    ),
    within(wire.registry.answers(), timeoutMs, 'the schema registry').then(
      () => 'ok',
      (e: Error) => `unreachable: ${e.message}`,
    ),
  ]);
  const consumers = wire.consumerHealth();
  return {
    ok: broker.startsWith('ok') && registry === 'ok' && consumers.every((c) => c.ready),
    broker,
    registry,
    consumers,
  };
};

/**
 * Kubernetes-style probes every app serves: /health/live fails when a consumer gave up or input waits
 * without progress (restart the process); /health/ready fails while Kafka or the registry is out of reach
 * or a consumer is not in its group or not fetching (send it no work, and tell the operator).
 */
@Controller('health')
export class HealthProbesController {
  constructor(@Inject(HEALTH_WIRE) private readonly wire: Wire) {}

  @Get('live')
  live() {
    const result = liveness(this.wire);
    if (!result.ok) throw new ServiceUnavailableException({ status: 'failing', ...result });
    return { status: 'ok', ...result };
  }

  @Get('ready')
  async ready() {
    const result = await readiness(this.wire);
    if (!result.ok) throw new ServiceUnavailableException({ status: 'unavailable', ...result });
    return { status: 'ok', ...result };
  }
}

export const healthProbes = (wire: Wire): { controllers: [typeof HealthProbesController]; providers: Provider[] } => ({
  controllers: [HealthProbesController],
  providers: [{ provide: HEALTH_WIRE, useValue: wire }],
});
