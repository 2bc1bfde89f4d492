import { CANARY_ROUTES } from '@ksb/contracts';
import { CanaryProber } from '@ksb/operations-feature';
import { cliWire, type CliConfig } from '../cli.config';

/**
 * `ksb canary`: one probe per route through router and redactor to the canary recipient; prints each
 * round trip with the time every service handled it. Exit 1 if a probe does not arrive.
 */
export const canary = async (config: CliConfig, print: (line: string) => void, timeoutMs = 30_000): Promise<number> => {
  const wire = cliWire(config);
  const prober = new CanaryProber(wire, `ksb-cli-canary-${process.pid}-${Date.now()}`);
  try {
    await prober.start();
    for (const route of CANARY_ROUTES) {
      const { probe, sentAt, arrivedAt } = await prober.probe(route, timeoutMs);
      const hops = probe.hops.map((h) => `${h.service} +${Date.parse(h.at) - sentAt} ms`).join(', ');
      print(`canary ${route} arrived after ${arrivedAt - sentAt} ms (${hops})`);
    }
    return 0;
  } finally {
    await prober.stop();
    await wire.close();
  }
};
