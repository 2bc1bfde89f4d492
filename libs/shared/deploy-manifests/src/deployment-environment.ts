import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

const DEPLOY = join(__dirname, '..', '..', '..', '..', 'deploy');

/** What a value from a secret stands in as: present and as long as a generated token (the ops token needs 24). */
export const SECRET_VALUE = 'a-value-from-a-kubernetes-secret-0123456789';
/** The same for a secret that holds a URL (a webhook's address carries its credentials). */
export const SECRET_URL = 'https://receiver.example.invalid/from-a-secret';

const standIn = (variable: string) => (variable.endsWith('_URL') ? SECRET_URL : SECRET_VALUE);

/**
 * The environment deploy/compose.yaml gives a service, as written (YAML anchors and merges resolved): what
 * its app's configuration is loaded from when an operator runs the compose file.
 */
export const composeEnvironment = (service: string): Record<string, string> => {
  const compose = parse(readFileSync(join(DEPLOY, 'compose.yaml'), 'utf8'), { merge: true }) as {
    services: Record<string, { environment?: Record<string, unknown> | string[] }>;
  };
  const environment = compose.services[service]?.environment;
  if (!environment) throw new Error(`deploy/compose.yaml has no service ${service} with an environment`);
  const entries = Array.isArray(environment)
    ? environment.map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string])
    : Object.entries(environment).map(([k, v]) => [k, String(v)] as [string, string]);
  return Object.fromEntries(entries);
};

interface Container {
  name: string;
  resources?: { limits?: { memory?: string } };
  env?: { name: string; value?: string; valueFrom?: unknown }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
}
interface Manifest {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  spec?: { template?: { spec?: { containers?: Container[] } } };
}

const manifests = (): Manifest[] => {
  const dir = join(DEPLOY, 'k8s');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJSON() as Manifest))
    .filter(Boolean);
};

/** The names of every Deployment in deploy/k8s: each runs one of the bridge's Node services. */
export const kubernetesDeployments = (): string[] =>
  manifests()
    .filter((m) => m.kind === 'Deployment')
    .map((m) => m.metadata.name);

const containerOf = (all: readonly Manifest[], deployment: string, container: string): Container => {
  const found = all
    .find((m) => m.kind === 'Deployment' && m.metadata.name === deployment)
    ?.spec?.template?.spec?.containers?.find((c) => c.name === container);
  if (!found) throw new Error(`deploy/k8s has no Deployment ${deployment} with a container ${container}`);
  return found;
};

/**
 * The environment a Deployment's container gets in deploy/k8s: the ConfigMaps it loads whole (envFrom), then
 * its own entries; a value from a secret stands in as SECRET_VALUE (SECRET_URL for a variable ending in _URL).
 */
export const kubernetesEnvironment = (deployment: string, container = deployment): Record<string, string> => {
  const all = manifests();
  const found = containerOf(all, deployment, container);
  const configMap = (name: string) => {
    const map = all.find((m) => m.kind === 'ConfigMap' && m.metadata.name === name);
    if (!map) throw new Error(`deploy/k8s has no ConfigMap ${name} (envFrom of ${deployment})`);
    return map.data ?? {};
  };
  const fromMaps = (found.envFrom ?? []).map((source) =>
    source.configMapRef ? configMap(source.configMapRef.name) : {},
  );
  const own = (found.env ?? []).map((e) => [e.name, e.value ?? (e.valueFrom ? standIn(e.name) : '')]);
  return Object.assign({}, ...fromMaps, Object.fromEntries(own));
};

const UNITS: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, k: 1e3, M: 1e6, G: 1e9, '': 1 };

/**
 * A Deployment's container memory in bytes: its limit, and the V8 heap cap its NODE_OPTIONS set
 * (`--max-old-space-size`, in MiB), each undefined where the manifest sets none.
 */
export const kubernetesMemory = (
  deployment: string,
  container = deployment,
): { limitBytes?: number; heapBytes?: number } => {
  const found = containerOf(manifests(), deployment, container);
  const limit = /^(\d+)(Ki|Mi|Gi|k|M|G|)$/.exec(found.resources?.limits?.memory ?? '');
  const heap = /--max-old-space-size=(\d+)/.exec(found.env?.find((e) => e.name === 'NODE_OPTIONS')?.value ?? '');
  return {
    limitBytes: limit ? Number(limit[1]) * UNITS[limit[2]] : undefined,
    heapBytes: heap ? Number(heap[1]) * 2 ** 20 : undefined,
  };
};

/** Both ways an operator starts a service, each with the environment it gets: the table for a config test. */
export const deploymentEnvironments = (service: string): [string, () => Record<string, string>][] => [
  ['deploy/compose.yaml', () => composeEnvironment(service)],
  ['deploy/k8s', () => kubernetesEnvironment(service)],
];
