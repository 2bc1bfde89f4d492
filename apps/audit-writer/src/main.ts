import 'reflect-metadata';
import { keyFingerprint } from '@ksb/audit-chain';
import { AuditWriter } from '@ksb/audit-feature';
import { auditedTopics } from '@ksb/audit-trail';
import { deliveryTopicName } from '@ksb/contracts';
import { loadDirectory } from '@ksb/directory';
import { bootstrapService, EX_CONFIG, runService, serviceWire } from '@ksb/service';
import { loadAuditWriterConfig } from './audit-writer.config';
import { AuditWriterModule } from './audit-writer.module';
import { readSigningKey } from './signing-key';

const SERVICE = 'audit-writer';

async function bootstrap(): Promise<void> {
  const { logger, config } = bootstrapService(SERVICE, loadAuditWriterConfig);
  let key;
  try {
    key = readSigningKey(config.KSB_AUDIT_SIGNING_KEY_FILE);
  } catch (error) {
    logger.fatal((error as Error).message);
    process.exit(EX_CONFIG);
  }
  const wire = serviceWire(SERVICE, config, logger);
  // Delivery topics come from the directory at start; a new office's topic is audited after a restart.
  const directory = loadDirectory();
  const writer = new AuditWriter({
    wire,
    groupId: config.KSB_AUDIT_GROUP_ID,
    transactionalId: config.KSB_AUDIT_TRANSACTIONAL_ID,
    client: config.KSB_STAGE_KAFKA_CLIENT,
    topics: auditedTopics([...directory.offices.keys()].map(deliveryTopicName)),
    signingKey: key,
    checkpointEvery: config.KSB_AUDIT_CHECKPOINT_EVERY,
    checkpointIntervalMs: config.KSB_AUDIT_CHECKPOINT_INTERVAL_MS,
    log: (entry) => logger.log(entry),
    onFatal: (error) => {
      logger.fatal({ msg: 'audit writer stopped', reason: error.message });
      process.exit(1);
    },
  });
  await runService(
    {
      service: SERVICE,
      module: AuditWriterModule.forRoot(writer, key, wire),
      logger,
      host: config.KSB_AUDIT_HOST,
      operationsToken: config.KSB_OPS_TOKEN,
      port: config.KSB_AUDIT_PORT,
      ready: {
        groupId: config.KSB_AUDIT_GROUP_ID,
        keyFingerprint: keyFingerprint(key),
        directoryVersion: directory.version,
      },
    },
    () => writer.start(),
  );
}

bootstrap().catch((error: Error) => {
  process.stderr.write(`${JSON.stringify({ level: 'fatal', context: SERVICE, message: error.message })}\n`);
  process.exit(1);
});
