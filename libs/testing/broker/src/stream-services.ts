import { freePort } from './free-port';
import { startService, type RunningService } from './service-process';
import type { TestBroker } from './test-broker';
import { uniqueGroupId } from './unique-names';

/** The stream services a broker test can run as processes; each gets its own group and a free port. */
export type StreamService = 'router' | 'redactor';

/** One stream service with its own group and port; `extra` may name its identity (least-privilege tests). */
export const startStreamService = async (
  broker: TestBroker,
  name: StreamService,
  extra: Record<string, string> = {},
): Promise<RunningService> => {
  const prefix = `KSB_${name.toUpperCase()}`;
  return startService(
    name,
    broker.serviceEnv({
      [`${prefix}_GROUP_ID`]: uniqueGroupId(name),
      [`${prefix}_PORT`]: String(await freePort()),
      ...extra,
    }),
  );
};

export const startStreamServices = async (broker: TestBroker, ...names: StreamService[]): Promise<RunningService[]> => {
  const started: RunningService[] = [];
  for (const name of names) started.push(await startStreamService(broker, name));
  return started;
};

/** A fresh audit writer's environment for a test: its own group, transactional id and a key the test made. */
export const auditWriterEnv = (
  broker: TestBroker,
  signingKeyFile: string,
  extra: Record<string, string> = {},
): Record<string, string> =>
  broker.serviceEnv({
    KSB_AUDIT_GROUP_ID: uniqueGroupId('audit-writer'),
    KSB_AUDIT_TRANSACTIONAL_ID: uniqueGroupId('audit-writer-tx'),
    KSB_AUDIT_SIGNING_KEY_FILE: signingKeyFile,
    KSB_AUDIT_CHECKPOINT_EVERY: '25',
    KSB_AUDIT_CHECKPOINT_INTERVAL_MS: '1000',
    ...extra,
  });

/** Starts an audit writer with that environment on a free port. */
export const startAuditWriter = async (env: Record<string, string>): Promise<RunningService> =>
  startService('audit-writer', { ...env, KSB_AUDIT_PORT: String(await freePort()) });
