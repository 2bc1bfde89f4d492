// The two shapes of local stack: one node for daily work, three nodes for fault-injection tests.
export const single = {
  name: 'single',
  brokers: [{ nodeId: 1, port: 9092, controllerPort: 9093 }],
  registryPort: 8081,
  replicationFactor: 1,
  minInsyncReplicas: 1,
};

export const cluster = {
  name: 'cluster',
  brokers: [1, 2, 3].map((nodeId) => ({
    nodeId,
    port: 19091 + nodeId,
    controllerPort: 19191 + nodeId,
  })),
  registryPort: 18081,
  replicationFactor: 3,
  minInsyncReplicas: 2,
};

/**
 * A plaintext node without identities or ACLs, for one purpose: the security benchmark's baseline
 * (npm run bench:security), the same pipeline without TLS and SASL in the same run. Never for the bridge.
 */
export const plain = {
  name: 'plain',
  brokers: [{ nodeId: 1, port: 9192, controllerPort: 9193 }],
  registryPort: 8181,
  replicationFactor: 1,
  minInsyncReplicas: 1,
  plaintext: true,
};

export const topologyFor = (args) => (args.includes('--cluster') ? cluster : args.includes('--plain') ? plain : single);
export const bootstrapServers = (t) => t.brokers.map((b) => `127.0.0.1:${b.port}`).join(',');
/** The plain baseline answers http; every other local registry https only, with the local CA (docs/adr/0013). */
export const registryUrl = (t) => `${t.plaintext ? 'http' : 'https'}://127.0.0.1:${t.registryPort}/apis/ccompat/v7`;
