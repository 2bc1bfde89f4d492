import 'reflect-metadata';
import { OPS_ALERT_TOPIC } from '@ksb/contracts';
import { LagMonitor, logSink, topicSink, webhookSink, type AlertSink } from '@ksb/operations-feature';
import { bootstrapService, runService, serviceWire } from '@ksb/service';
import { LagMetrics } from './http/lag.metrics';
import { loadLagMonitorConfig } from './lag-monitor.config';
import { LagMonitorModule } from './lag-monitor.module';

const SERVICE = 'lag-monitor';
const ALERT_RECORD = 'de.kinderschutz.bridge.ops.OpsAlert';

async function bootstrap(): Promise<void> {
  const { logger, config } = bootstrapService(SERVICE, loadLagMonitorConfig);
  const wire = serviceWire(SERVICE, config, logger);
  const log = (entry: object) => logger.log(entry);
  const metrics = new LagMetrics();
  const sinks: AlertSink[] = [
    logSink((entry) => logger.warn(entry)),
    topicSink(await wire.publisher(), await wire.registerSchema(OPS_ALERT_TOPIC, ALERT_RECORD)),
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
    onReport: (snapshot) => metrics.update(snapshot),
    onArrival: (route, latencyMs) => metrics.canaryLatency.observe({ route }, latencyMs / 1000),
  });
  await runService(
    {
      service: SERVICE,
      module: LagMonitorModule.forRoot(monitor, metrics, wire),
      logger,
      host: config.KSB_LAG_HOST,
      operationsToken: config.KSB_OPS_TOKEN,
      port: config.KSB_LAG_PORT,
      ready: {
        pollMs: config.KSB_LAG_POLL_MS,
        windowMs: config.KSB_LAG_WINDOW_MS,
        rules: config.KSB_LAG_ALERT_RULES.length,
      },
    },
    () => monitor.start(),
  );
}

bootstrap().catch((error: Error) => {
  process.stderr.write(`${JSON.stringify({ level: 'fatal', context: SERVICE, message: error.message })}\n`);
  process.exit(1);
});
