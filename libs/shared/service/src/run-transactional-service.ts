import { hostname } from 'node:os';
import type { ConsoleLogger, DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TransactionalKafkaServer, type Wire } from '@ksb/wire';
import { operationsAccess, operationsAccessProblem } from './operations-access';

export interface ServiceOptions {
  readonly service: string;
  readonly module: DynamicModule;
  readonly logger: ConsoleLogger;
  readonly host: string;
  readonly port: number;
  /** Required when `host` is not loopback: metrics, APIs and dashboards then need it (KSB_OPS_TOKEN). */
  readonly operationsToken?: string;
  /** Extra fields for the "ready" line (versions in use), which the harness and operators wait for. */
  readonly ready: Record<string, unknown>;
}

export interface TransactionalServiceOptions extends ServiceOptions {
  readonly wire: Wire;
  readonly groupId: string;
  readonly sessionTimeoutMs: number;
  /** Input partitions worked at the same time (KSB_STAGE_PARTITIONS_IN_PARALLEL). */
  readonly partitionsInParallel: number;
  /** KSB_STAGE_KAFKA_CLIENT and KSB_STAGE_TRANSACTIONAL_ID. */
  readonly client: { readonly kind: 'kafkajs' | 'librdkafka'; readonly transactionalId?: string };
  /** Dead-letter inputs whose event id was already processed in the partition's last `size` inputs. */
  readonly duplicates?: { readonly size: number };
}

/** A stop that has not finished by then is stuck: exit non-zero rather than hang the supervisor. */
const STOP_TIMEOUT_MS = 30_000;

/**
 * On SIGTERM or SIGINT: close the app — the Kafka transport lets the batch in flight finish and commit, then
 * leaves the group; shutdown hooks close producers (the audit writer signs its tail) — log it, and exit 0.
 * Further signals change nothing: a terminal's Ctrl-C reaches every process of `npm start` and the launcher
 * forwards a SIGTERM too, and neither may cut the clean stop short.
 */
export const stopGracefully = (app: INestApplication, logger: ConsoleLogger): void => {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.log({ msg: 'already stopping', signal });
      return;
    }
    stopping = true;
    logger.log({ msg: 'stopping', signal });
    setTimeout(() => {
      logger.error({ msg: 'stop timed out', afterMs: STOP_TIMEOUT_MS });
      process.exit(1);
    }, STOP_TIMEOUT_MS).unref();
    const closing = app.close();
    // Nest closes the HTTP server before the Kafka transport, and server.close() waits for open connections:
    // a load balancer's or prober's keep-alive connection held the stop until the time-out while the stage
    // went on consuming (seen in the fault suite). Health answers no longer matter once it stops.
    const http = app.getHttpServer() as { closeAllConnections?: () => void };
    setInterval(() => http.closeAllConnections?.(), 200).unref();
    closing.then(
      () => {
        logger.log({ msg: 'stopped', signal });
        process.exit(0);
      },
      (error: Error) => {
        logger.error({ msg: 'stop failed', reason: error.message });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
};

/**
 * HTTP (health, metrics, APIs), graceful shutdown on SIGTERM, and one "ready" line once everything is up.
 * `connect` adds what else the service runs before that line (a Kafka transport, a consumer loop).
 */
export const runService = async (
  o: ServiceOptions,
  connect: (app: INestApplication) => Promise<void> = async () => undefined,
): Promise<INestApplication> => {
  const problem = operationsAccessProblem(o.host, o.operationsToken);
  if (problem) throw new Error(problem);
  const app = await NestFactory.create(o.module, { logger: o.logger });
  if (o.operationsToken) app.use(operationsAccess(o.operationsToken));
  stopGracefully(app, o.logger);
  await connect(app);
  await app.listen(o.port, o.host);
  o.logger.log({ msg: 'ready', port: o.port, ...o.ready });
  return app;
};

/** The stream services' shape: the transactional Kafka transport for their @EventPattern handlers. */
export const runTransactionalService = async (o: TransactionalServiceOptions): Promise<void> => {
  await runService({ ...o, ready: { groupId: o.groupId, ...o.ready } }, async (app) => {
    const strategy = new TransactionalKafkaServer({
      wire: o.wire,
      groupId: o.groupId,
      service: o.service,
      sessionTimeoutMs: o.sessionTimeoutMs,
      partitionsInParallel: o.partitionsInParallel,
      client:
        o.client.kind === 'librdkafka'
          ? { kind: 'librdkafka', transactionalId: o.client.transactionalId ?? `${o.service}-${hostname()}-${o.port}` }
          : { kind: 'kafkajs' },
      duplicates: o.duplicates,
    });
    app.connectMicroservice({ strategy }, { inheritAppConfig: true });
    await app.startAllMicroservices();
  });
};
