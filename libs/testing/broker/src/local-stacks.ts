import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type Topology = 'cluster' | 'single';

/** Where the local stacks listen (deploy/local/lib/topology.mjs) and the replication their topics get. */
export interface StackSettings {
  readonly topology: Topology;
  readonly brokers: string[];
  readonly registryUrl: string;
  readonly replicationFactor: number;
}

/** The single node `npm run stack:start` runs, or the three-node cluster of `npm run cluster:start`. */
export const stackSettings = (topology: Topology): StackSettings =>
  topology === 'cluster'
    ? {
        topology,
        brokers: ['127.0.0.1:19092', '127.0.0.1:19093', '127.0.0.1:19094'],
        registryUrl: 'https://127.0.0.1:18081/apis/ccompat/v7',
        replicationFactor: 3,
      }
    : {
        topology,
        brokers: ['127.0.0.1:9092'],
        registryUrl: 'https://127.0.0.1:8081/apis/ccompat/v7',
        replicationFactor: 1,
      };

/** The brokers and registry of a running local stack, by pid, for a benchmark to count their CPU. */
export const stackProcesses = (topology: Topology): { name: string; pid: number }[] => {
  const dir = join(process.env.KSB_STACK_DIR ?? join(__dirname, '..', '..', '..', '..', '.stack'), topology);
  const brokers = topology === 'cluster' ? [1, 2, 3] : [1];
  return [...brokers.map((id) => [`broker-${id}`, `kafka-${id}.pid`]), ['registry', 'registry.pid']]
    .filter(([, file]) => existsSync(join(dir, file)))
    .map(([name, file]) => ({ name, pid: Number(readFileSync(join(dir, file), 'utf8').trim()) }));
};
