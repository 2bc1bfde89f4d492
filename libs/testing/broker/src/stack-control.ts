import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const run = promisify(execFile);

/**
 * Stops, kills or starts one Kafka node of the local stack through the project's own stack script, as an
 * operator (or a crash) would: for fault tests. `cluster` picks the three-node stack.
 */
export const brokerNode = async (action: 'stop' | 'kill' | 'start', nodeId: number, cluster = false) => {
  const args = [resolve(ROOT, 'deploy', 'local', 'stack.mjs'), 'broker', action, String(nodeId)];
  await run(process.execPath, cluster ? [...args, '--cluster'] : args, { cwd: ROOT, timeout: 180_000 });
};
