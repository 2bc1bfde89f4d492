import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Topology = 'cluster' | 'single';

/** Where the local stacks listen (deploy/local/lib/topology.json) and the replication their topics get. */
export interface StackSettings {
  readonly topology: Topology;
  readonly brokers: string[];
  readonly registryUrl: string;
  readonly replicationFactor: number;
}

const ROOT = join(__dirname, '..', '..', '..', '..');

interface StackShape {
  readonly brokers: readonly { readonly port: number }[];
  readonly registryPort: number;
  readonly replicationFactor: number;
}

/** The single node `npm run stack:start` runs, or the three-node cluster of `npm run cluster:start`. */
export const stackSettings = (topology: Topology): StackSettings => {
  const shapes = JSON.parse(readFileSync(join(ROOT, 'deploy', 'local', 'lib', 'topology.json'), 'utf8')) as Record<
    Topology,
    StackShape
  >;
  const shape = shapes[topology];
  return {
    topology,
    brokers: shape.brokers.map((b) => `127.0.0.1:${b.port}`),
    registryUrl: `https://127.0.0.1:${shape.registryPort}/apis/ccompat/v7`,
    replicationFactor: shape.replicationFactor,
  };
};

/** The brokers and registry of a running local stack, by pid, for a benchmark to count their CPU. */
export const stackProcesses = (topology: Topology): { name: string; pid: number }[] => {
  const dir = join(process.env.KSB_STACK_DIR ?? join(ROOT, '.stack'), topology);
  const brokers = topology === 'cluster' ? [1, 2, 3] : [1];
  return [...brokers.map((id) => [`broker-${id}`, `kafka-${id}.pid`]), ['registry', 'registry.pid']]
    .filter(([, file]) => existsSync(join(dir, file)))
    .map(([name, file]) => ({ name, pid: Number(readFileSync(join(dir, file), 'utf8').trim()) }));
};
