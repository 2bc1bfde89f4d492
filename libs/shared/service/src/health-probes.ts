import { Controller, Get, Inject, ServiceUnavailableException, type Provider } from '@nestjs/common';
import type { Wire } from '@ksb/wire';

export const HEALTH_WIRE = Symbol('HealthWire');

export interface Readiness {
  readonly ok: boolean;
  readonly broker: string;
  readonly registry: string;
}

const within = <T>(work: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([
    work,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms),
    ),
  ]);

/** Can this service reach what it needs right now: the Kafka cluster and the schema registry? */
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
    fetch(`${wire.options.registryUrl}/subjects`, { signal: AbortSignal.timeout(timeoutMs) }).then(
      (r) => (r.ok ? 'ok' : `answered ${r.status}`),
      (e: Error) => `unreachable: ${e.message}`,
    ),
  ]);
  return { ok: broker.startsWith('ok') && registry === 'ok', broker, registry };
};

/**
 * Kubernetes-style probes every app serves: /health/live says the process answers (restart it if not);
 * /health/ready says it can reach Kafka and the registry (send it no work if not) and answers 503 otherwise.
 */
@Controller('health')
export class HealthProbesController {
  constructor(@Inject(HEALTH_WIRE) private readonly wire: Wire) {}

  @Get('live')
  live() {
    return { status: 'ok' };
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
