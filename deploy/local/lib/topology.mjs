import { readFileSync } from 'node:fs';

// The shapes of local stack, in topology.json so the test harness (@ksb/testing-broker) reads the same ports:
// one node for daily work (single), three nodes for fault-injection tests (cluster), and a plaintext node
// without identities or ACLs for one purpose, the security benchmark's baseline (npm run bench:security), the
// same pipeline without TLS and SASL in the same run (plain). Never for the bridge.
const stacks = JSON.parse(readFileSync(new URL('./topology.json', import.meta.url), 'utf8'));

export const { single, cluster, plain } = stacks;

export const topologyFor = (args) => (args.includes('--cluster') ? cluster : args.includes('--plain') ? plain : single);
export const bootstrapServers = (t) => t.brokers.map((b) => `127.0.0.1:${b.port}`).join(',');
/** The plain baseline answers http; every other local registry https only, with the local CA (docs/adr/0013). */
export const registryUrl = (t) => `${t.plaintext ? 'http' : 'https'}://127.0.0.1:${t.registryPort}/apis/ccompat/v7`;
