import 'reflect-metadata';
import { ESCALATION_TOPIC, OPS_ALERT_TOPIC, RECORD, retentionMsOf } from '@ksb/contracts';
import { DeadLetterTally } from '@ksb/dead-letters';
import { DeadlineWatch, loadDeadlinePolicy, secondLevelContact } from '@ksb/deadlines';
import { loadDirectory } from '@ksb/directory';
import { DeadlineMonitor, LagMonitor, logSink, topicSink, webhookSink, type AlertSink } from '@ksb/operations-feature';
import { bootstrapService, feedSkips, runService, serviceWire } from '@ksb/service';
import { LagMetrics } from './http/lag.metrics';
import { loadLagMonitorConfig } from './lag-monitor.config';
import { LagMonitorModule } from './lag-monitor.module';

const SERVICE = 'lag-monitor';
const ALERT_RECORD = RECORD.OpsAlert;
const ESCALATION_RECORD = RECORD.DeliveryEscalation;

async function bootstrap(): Promise<void> {
  const { logger, config } = bootstrapService(SERVICE, loadLagMonitorConfig);
  const wire = serviceWire(SERVICE, config, logger);
  const log = (entry: object) => logger.log(entry);
  const metrics = new LagMetrics();
  // Dead letters waiting for triage, from the audit trail's REJECTED hops: no read access to their content.
  const deadLetters = new DeadLetterTally(retentionMsOf('dead-letter'));
  const publisher = await wire.publisher();
  const sinks: AlertSink[] = [
    logSink((entry) => logger.warn(entry)),
    topicSink(publisher, await wire.registerSchema(OPS_ALERT_TOPIC, ALERT_RECORD)),
  ];
  if (config.KSB_LAG_ALERT_WEBHOOK_URL && config.KSB_LAG_ALERT_WEBHOOK_SECRET)
    sinks.push(webhookSink(config.KSB_LAG_ALERT_WEBHOOK_URL, config.KSB_LAG_ALERT_WEBHOOK_SECRET));
  const monitor = new LagMonitor({
    wire,
    pollMs: config.KSB_LAG_POLL_MS,
    windowMs: config.KSB_LAG_WINDOW_MS,
    canaryIntervalMs: config.KSB_CANARY_INTERVAL_MS,
    canaryGroupId: config.KSB_CANARY_GROUP_ID,
    rules: config.KSB_LAG_ALERT_RULES,
    sinks,
    ignoreGroups: config.KSB_LAG_IGNORE_GROUPS,
    log,
    onReport: (snapshot) => metrics.update(snapshot, deadLetters.summary(snapshot.lag.at)),
    onArrival: (route, latencyMs) => metrics.canaryLatency.observe({ route }, latencyMs / 1000),
  });
  const directory = loadDirectory();
  const policy = loadDeadlinePolicy(config.KSB_DEADLINE_POLICY_FILE);
  const deadlines = new DeadlineMonitor({
    wire,
    watch: new DeadlineWatch(policy, (office, at) => secondLevelContact(directory, office, at)),
    publisher,
    schema: await wire.registerSchema(ESCALATION_TOPIC, ESCALATION_RECORD),
    sinks,
    checkMs: config.KSB_DEADLINE_CHECK_MS,
    log,
    alsoObserve: (record) => deadLetters.observe(record),
    skipped: feedSkips(metrics.registry, (entry) => logger.error(entry)),
  });
  await runService(
    {
      service: SERVICE,
      module: LagMonitorModule.forRoot(monitor, deadlines, deadLetters, metrics, wire),
      logger,
      host: config.KSB_LAG_HOST,
      operationsToken: config.KSB_OPS_TOKEN,
      port: config.KSB_LAG_PORT,
      ready: {
        pollMs: config.KSB_LAG_POLL_MS,
        windowMs: config.KSB_LAG_WINDOW_MS,
        rules: config.KSB_LAG_ALERT_RULES.length,
        deadlinePolicy: policy.version,
      },
    },
    async () => (await monitor.start(), await deadlines.start()),
  );
}

bootstrap().catch((error: Error) => {
  process.stderr.write(`${JSON.stringify({ level: 'fatal', context: SERVICE, message: error.message })}\n`);
  process.exit(1);
});
