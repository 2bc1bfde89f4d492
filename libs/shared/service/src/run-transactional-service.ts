import type { ConsoleLogger, DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TransactionalKafkaServer, type Wire } from '@ksb/wire';

export interface TransactionalServiceOptions {
  readonly service: string;
  readonly module: DynamicModule;
  readonly wire: Wire;
  readonly logger: ConsoleLogger;
  readonly groupId: string;
  readonly sessionTimeoutMs: number;
  readonly host: string;
  readonly port: number;
  /** Extra fields for the "ready" line (versions in use), which the harness and operators wait for. */
  readonly ready: Record<string, unknown>;
}

/**
 * The shape every stream service shares: HTTP for health and metrics, the transactional Kafka transport
 * for its @EventPattern handlers, graceful shutdown, and one "ready" line once both are up.
 */
export const runTransactionalService = async (o: TransactionalServiceOptions): Promise<void> => {
  const app = await NestFactory.create(o.module, { logger: o.logger });
  const strategy = new TransactionalKafkaServer({
    wire: o.wire,
    groupId: o.groupId,
    service: o.service,
    sessionTimeoutMs: o.sessionTimeoutMs,
  });
  app.connectMicroservice({ strategy }, { inheritAppConfig: true });
  app.enableShutdownHooks();
  await app.startAllMicroservices();
  await app.listen(o.port, o.host);
  o.logger.log({ msg: 'ready', groupId: o.groupId, port: o.port, ...o.ready });
};
