import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  ACKNOWLEDGEMENT_INGEST_TOPIC,
  AUDIT_TRAIL_TOPIC,
  CASE_ERASURE_TOPIC,
  ESCALATION_TOPIC,
  readableAfterAcceptanceMs,
} from '@ksb/contracts';
import { AnswerBook, CaseTrails, DeliveryInbox, type Delivery } from '@ksb/delivery-inbox';
import { loadDirectory, withSigningKeys } from '@ksb/directory';
import { followDirectory } from '@ksb/directory-feed';
import { ApiKeyStore, type StoredApiKey } from '@ksb/gateway-core';
import { IngestPublisher } from '@ksb/producer';
import {
  bootstrapService,
  feedSkips,
  operationsAccess,
  serviceConnection,
  serviceWire,
  stopGracefully,
} from '@ksb/service';
import { readKeyRegister, readSigner } from '@ksb/signatures';
import { TopicFollower, type RecordHandler, type SkippedRecord } from '@ksb/wire';
import { AnswerDesk } from './answer-desk';
import { answerHandler } from './answer-feed';
import { CallbackSender, readCallbackRegister } from './callback-sender';
import { auditHandler, erasureHandler } from './audit-feed';
import { escalationHandler } from './escalation-feed';
import { loadDeliveryApiConfig } from './delivery-api.config';
import { DeliveryApiModule } from './delivery-api.module';
import { deliveryHandler, deliveryTopics } from './delivery-feed';
import { DeliveryApiMetrics } from './delivery-api.metrics';
import { DeliveryKeyRetirement } from './key-retirement';

const SERVICE = 'delivery-api';

async function bootstrap(): Promise<void> {
  const { logger, config } = bootstrapService(SERVICE, loadDeliveryApiConfig);
  // The files until the directory topic brings a signed version; its maintainer keys come from this register.
  const directory = withSigningKeys(loadDirectory(), readKeyRegister(config.KSB_SIGNING_KEYS_FILE));
  const keys = JSON.parse(readFileSync(config.KSB_DELIVERY_API_KEYS_FILE, 'utf8')) as StoredApiKey[];
  const proxy = readSigner(config.KSB_DELIVERY_API_SIGNING_KEY_ID, config.KSB_DELIVERY_API_SIGNING_KEY_FILE);
  const connection = serviceConnection(SERVICE, config);
  const wire = serviceWire(SERVICE, config, logger, connection);
  const caseKeys = wire.caseSeal?.store;
  if (!caseKeys) throw new Error('the delivery API needs the per-case key store (KSB_CASE_KEY_DIR, KSB_CASE_KEK_FILE)');
  // Offices' answers go to ingest sealed under their case's key, as the gateway's do (ADR 0023).
  const publisher = await IngestPublisher.connect({
    ...connection,
    signerFor: () => proxy,
    sealing: connection.caseSeal,
  });
  const inbox = new DeliveryInbox();
  const answers = new AnswerBook();
  const trails = new CaseTrails();
  const officeOf = deliveryTopics(wire, directory);
  const metrics = new DeliveryApiMetrics({ deliveries: () => inbox.size, cases: () => trails.size });
  const skippedIn = feedSkips(metrics.registry, (entry) => logger.error(entry));
  const callbacks = new CallbackSender(
    config.KSB_DELIVERY_API_CALLBACKS_FILE
      ? readCallbackRegister(config.KSB_DELIVERY_API_CALLBACKS_FILE, directory)
      : new Map(),
    (entry) => logger.warn(entry),
  );
  // Callbacks only once the inbox is loaded: then for every delivery not yet picked up, and after for each new one.
  let live = false;
  const callBack = (delivery: Delivery) => {
    if (live && !answers.of(delivery).pickedUp && !answers.of(delivery).decision) callbacks.notify(delivery);
  };
  // Every instance reads every delivery and every answer, from the beginning, in groups of its own that it
  // never commits to. The answers are read to their end first: a restarted API must know what was said.
  // A feed of one topic; what it cannot read is logged and counted (the answer feed's bad records are the router's).
  const feed = (name: string, topic: string, handler: (skipped: SkippedRecord) => RecordHandler) =>
    new TopicFollower(wire, name, [wire.topic(topic)], handler(skippedIn(name)));
  const followers = [
    feed('answer-feed', ACKNOWLEDGEMENT_INGEST_TOPIC, () => answerHandler(wire, answers)),
    feed('erasure-feed', CASE_ERASURE_TOPIC, (skipped) => erasureHandler(wire, inbox, skipped)),
    new TopicFollower(
      wire,
      'delivery-feed',
      [...officeOf.keys()],
      deliveryHandler(wire, officeOf, inbox, {
        log: (e) => (e.level === 'error' ? logger.error(e) : logger.log(e)),
        onNew: callBack,
        onUnreadable: (officeId, reason) => metrics.deliveriesUnreadable.inc({ office_id: officeId, reason }),
      }),
    ),
    feed('audit-feed', AUDIT_TRAIL_TOPIC, (skipped) => auditHandler(wire, trails, skipped)),
    feed('escalation-feed', ESCALATION_TOPIC, (skipped) => escalationHandler(wire, trails, skipped)),
  ];
  // Whom a recipient can call at the sending office: the contact register of the version in force.
  const followed = followDirectory(wire, directory, undefined, (entry) => logger.log(entry));
  await followed.watcher.start(SERVICE);
  await followers[0].start({ loadFirst: true });
  // Erasures before deliveries: a restarted API never hands out, nor calls back for, an erased case's delivery.
  await followers[1].start({ loadFirst: true });
  await followers[2].start({ loadFirst: true });
  live = true;
  for (const delivery of inbox.all()) callBack(delivery);
  const retirement = new DeliveryKeyRetirement(
    inbox,
    answers,
    caseKeys,
    metrics,
    config.KSB_DELIVERY_API_READABLE_AFTER_ACCEPTANCE_MS ?? readableAfterAcceptanceMs() ?? Infinity,
    (entry) => (entry.level === 'warn' ? logger.warn(entry) : logger.log(entry)),
  );
  retirement.start(config.KSB_DELIVERY_API_RETIREMENT_CHECK_MS);
  await Promise.all(followers.slice(3).map((f) => f.start({ loadFirst: false })));
  const tls = config.KSB_DELIVERY_API_TLS_CERT_FILE
    ? {
        cert: readFileSync(config.KSB_DELIVERY_API_TLS_CERT_FILE),
        key: readFileSync(config.KSB_DELIVERY_API_TLS_KEY_FILE ?? ''),
      }
    : undefined;
  const app = await NestFactory.create<NestExpressApplication>(
    DeliveryApiModule.forRoot({
      credentials: new ApiKeyStore(keys, directory),
      inbox,
      answers,
      trails,
      statusSigner: readSigner(config.KSB_STATUS_SIGNING_KEY_ID, config.KSB_STATUS_SIGNING_KEY_FILE),
      desk: new AnswerDesk(answers, publisher, (entry) => logger.warn(entry)),
      wire,
      directory: () => followed.holder.current(),
      stop: async () => {
        await Promise.all([...followers.map((f) => f.stop()), followed.watcher.stop(), retirement.stop()]);
        await publisher.close();
      },
      limits: { maxWaitSeconds: config.KSB_DELIVERY_API_MAX_WAIT_SECONDS, pageSize: 100 },
      views: async (delivery) => (await wire.codec.decode(delivery.viewRecord)).value,
      metrics,
    }),
    { logger, ...(tls ? { httpsOptions: tls } : {}) },
  );
  // Offices' API keys do not open the metrics; the operations token does (open on loopback, as elsewhere).
  if (config.KSB_OPS_TOKEN) app.use('/metrics', operationsAccess(config.KSB_OPS_TOKEN));
  stopGracefully(app, logger);
  await app.listen(config.KSB_DELIVERY_API_PORT, config.KSB_DELIVERY_API_HOST);
  logger.log({
    msg: 'ready',
    url: `${tls ? 'https' : 'http'}://${config.KSB_DELIVERY_API_HOST}:${config.KSB_DELIVERY_API_PORT}`,
    offices: keys.length,
    answersKnown: answers.size,
    directoryVersion: directory.version,
  });
}

void bootstrap();
