import { freePort } from './free-port';
import { startService, type RunningService } from './service-process';
import type { TestBroker } from './test-broker';
import { uniqueGroupId } from './unique-names';

/** The stream services a broker test can run as processes; each gets its own group and a free port. */
export type StreamService = 'router' | 'redactor';

export const startStreamServices = async (broker: TestBroker, ...names: StreamService[]): Promise<RunningService[]> => {
  const started: RunningService[] = [];
  for (const name of names) {
    const prefix = `KSB_${name.toUpperCase()}`;
    started.push(
      await startService(
        name,
        broker.serviceEnv({
          [`${prefix}_GROUP_ID`]: uniqueGroupId(name),
          [`${prefix}_PORT`]: String(await freePort()),
        }),
      ),
    );
  }
  return started;
};
