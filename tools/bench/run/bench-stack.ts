// The stack a benchmark run measures on, for every process of the run (systems, peers, the raw passthrough).
import { stackSettings, TestBroker, type Topology } from '@ksb/testing-broker';

/**
 * The single node by default; the three-node cluster with KSB_BENCH_STACK=cluster (which `npm run bench` then
 * starts), where every record and transaction marker is replicated three times as in production.
 */
export const BENCH_TOPOLOGY: Topology = process.env.KSB_BENCH_STACK === 'cluster' ? 'cluster' : 'single';

export const benchBroker = (): TestBroker => new TestBroker(stackSettings(BENCH_TOPOLOGY));
