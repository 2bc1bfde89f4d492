import type { ConsumerHealth } from '@ksb/wire';
import type { RunningService } from './service-process';
import { waitUntil } from './wait-until';

/** The environment variable that holds each app's HTTP port. */
const PORT_VARIABLE: Record<string, string> = {
  router: 'KSB_ROUTER_PORT',
  redactor: 'KSB_REDACTOR_PORT',
  'audit-writer': 'KSB_AUDIT_PORT',
  'lag-monitor': 'KSB_LAG_PORT',
  gateway: 'KSB_GATEWAY_PORT',
  'delivery-api': 'KSB_DELIVERY_API_PORT',
};

export interface ProbeAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** Asks a running service's /health/ready or /health/live, as Kubernetes would; 0 if it does not answer. */
export const probeHealth = async (service: RunningService, probe: 'ready' | 'live'): Promise<ProbeAnswer> => {
  const port = service.env[PORT_VARIABLE[service.name]];
  if (!port) throw new Error(`no port known for ${service.name}`);
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health/${probe}`, { signal: AbortSignal.timeout(5000) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  } catch (error) {
    return { status: 0, body: { error: (error as Error).message } };
  }
};

/** What a readiness answer blames, short enough for a failure message: "router: 503 router recovering, …". */
export const readinessBlame = (name: string, answer: ProbeAnswer): string => {
  const body = answer.body as { broker?: string; registry?: string; consumers?: ConsumerHealth[]; error?: string };
  const blamed = [
    ...(body.error ? [body.error] : []),
    ...(body.broker && !body.broker.startsWith('ok') ? [`kafka ${body.broker}`] : []),
    ...(body.registry && body.registry !== 'ok' ? [`registry ${body.registry}`] : []),
    ...(body.consumers ?? [])
      .filter((c) => !c.ready)
      .map(
        (c) =>
          `${c.name} ${c.state}${c.member ? '' : ', no member'}, fetched ${c.lastFetchAgoMs ?? '-'} ms ago` +
          (c.lastError ? `, ${c.lastError}` : ''),
      ),
  ];
  return `${name}: ${answer.status} ${blamed.join('; ')}`;
};

/**
 * Waits until every service answers ready; a time-out names what each red service blamed (which consumer,
 * which error), the first thing an operator asks about a stage that stayed red.
 */
export const everyServiceReady = async (
  services: readonly RunningService[],
  { timeoutMs = 60_000, intervalMs = 250, what = 'every service ready' } = {},
): Promise<void> => {
  await waitUntil(
    async () => {
      const answers = await Promise.all(services.map(async (s) => [s.name, await probeHealth(s, 'ready')] as const));
      return answers.filter(([, a]) => a.status !== 200).map(([name, a]) => readinessBlame(name, a));
    },
    (red) => red.length === 0,
    { what, timeoutMs, intervalMs },
  );
};
