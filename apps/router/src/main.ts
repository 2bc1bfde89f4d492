import 'reflect-metadata';
import { bootstrapService, runTransactionalService, serviceWire } from '@ksb/service';
import { loadDirectory, withSigningKeys } from '@ksb/directory';
import { readKeyRegister } from '@ksb/signatures';
import { loadCases } from '@ksb/routing-feature';
import { CaseRegister } from '@ksb/routing-rules';
import { loadRouterConfig } from './router.config';
import { RouterModule } from './router.module';

const SERVICE = 'router';

async function bootstrap(): Promise<void> {
  const { logger, config } = bootstrapService(SERVICE, loadRouterConfig);

  const wire = serviceWire(SERVICE, config, logger);
  // The bundled directory until the directory topic delivers a snapshot; every decision records which.
  const directory = withSigningKeys(loadDirectory(), readKeyRegister(config.KSB_SIGNING_KEYS_FILE));
  // Every case routed so far, before any input is taken: acknowledgements and continuations are checked against it.
  const cases = new CaseRegister();
  await loadCases(wire, cases);
  logger.log({ msg: 'cases loaded', events: cases.size });
  await runTransactionalService({
    service: SERVICE,
    module: RouterModule.forRoot(wire, directory, cases, (entry) => logger.log(entry)),
    wire,
    logger,
    groupId: config.KSB_ROUTER_GROUP_ID,
    sessionTimeoutMs: config.KSB_ROUTER_SESSION_TIMEOUT_MS,
    partitionsInParallel: config.KSB_STAGE_PARTITIONS_IN_PARALLEL,
    client: { kind: config.KSB_STAGE_KAFKA_CLIENT, transactionalId: config.KSB_STAGE_TRANSACTIONAL_ID },
    // An agency's retry after an ambiguous failure can land twice; within minutes, on the same partition.
    duplicates: config.KSB_ROUTER_DUPLICATE_WINDOW > 0 ? { size: config.KSB_ROUTER_DUPLICATE_WINDOW } : undefined,
    host: config.KSB_ROUTER_HOST,
    operationsToken: config.KSB_OPS_TOKEN,
    port: config.KSB_ROUTER_PORT,
    ready: { topicSuffix: config.KSB_TOPIC_SUFFIX ?? null, directoryVersion: directory.version },
  });
}

void bootstrap();
