#!/usr/bin/env node
// CLI for the local Kafka + schema registry stack: fetch | start | stop | status  [--cluster]
// and, for fault injection, one node: broker stop|kill|start <node-id> [--cluster]
import { topologyFor, bootstrapServers, registryUrl } from './lib/topology.mjs';
import { startStack, stopStack, stackStatus, stopBroker, killBroker, startBroker } from './lib/stack.mjs';
import { fetchAll, MissingToolError } from './lib/fetch.mjs';
import { logDir } from './lib/paths.mjs';

const [command = 'status', ...rest] = process.argv.slice(2);
const topology = topologyFor(rest);

const commands = {
  fetch: async () => {
    const fetched = fetchAll();
    console.log(fetched.length ? `fetched: ${fetched.join(', ')}` : 'kafka and registry already cached');
  },
  start: async () => {
    const result = await startStack(topology);
    if (result.alreadyRunning) console.log(`the ${topology.name} stack is already running; nothing to do`);
    else
      console.log(
        `started in ${(result.ms / 1000).toFixed(1)} s${result.fetched.length ? ` (fetched ${result.fetched.join(', ')})` : ''}; logs in ${logDir}`,
      );
  },
  stop: async () => {
    const n = await stopStack(topology);
    console.log(
      n ? `stopped ${n} process(es) of the ${topology.name} stack` : `the ${topology.name} stack was not running`,
    );
  },
  broker: async () => {
    const [action, nodeId] = rest.filter((a) => !a.startsWith('--'));
    const node = topology.brokers.find((b) => String(b.nodeId) === nodeId);
    const actions = { stop: stopBroker, kill: killBroker, start: startBroker };
    if (!node || !actions[action]) throw new Error('usage: broker stop|kill|start <node-id> [--cluster]');
    await actions[action](topology, node);
    console.log(`kafka node ${node.nodeId}: ${action} done`);
  },
  status: async () => {
    const s = stackStatus(topology);
    const line = (what, pid) => `${what}: ${pid ? `running (pid ${pid})` : 'stopped'}`;
    s.brokers.forEach((b) => console.log(line(`kafka node ${b.nodeId} 127.0.0.1:${b.port}`, b.pid)));
    console.log(line(`registry ${registryUrl(topology)}`, s.registry.pid));
    console.log(`bootstrap servers: ${bootstrapServers(topology)}; logs in ${logDir}`);
  },
};

const run = commands[command];
if (!run) {
  console.error(
    `unknown command "${command}"; use fetch | start | stop | status | broker stop|kill|start <node-id> [--cluster]`,
  );
  process.exit(2);
}
run().catch((err) => {
  console.error(err instanceof MissingToolError ? err.message : `error: ${err.message}`);
  process.exit(1);
});
