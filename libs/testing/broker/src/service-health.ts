import type { RunningService } from './service-process';

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
