import { Module, type DynamicModule } from '@nestjs/common';
import { healthProbes } from '@ksb/service';
import { followDirectory } from '@ksb/directory-feed';
import { CaseFollower, CaseKeyExpiry, ROUTES } from '@ksb/routing-feature';
import type { CaseRegister } from '@ksb/routing-rules';
import type { Wire } from '@ksb/wire';
import type { Directory } from '@ksb/directory';
import { CanaryForwardController } from './canary/canary-forward.controller';
import { CANARY_RECORD, CANARY_ROUTED_TOPIC, caseKeyLifeMs } from '@ksb/contracts';
import { HealthController } from './http/health.controller';
import { RouterMetrics } from './http/router.metrics';
import { RoutingController } from './routing/routing.controller';
import {
  CANARY_SCHEMA,
  CASE_REGISTER,
  CASE_SEAL,
  DIRECTORY_HEALTH,
  DIRECTORY_HOLDER,
  ROUTED_SCHEMAS,
  ROUTER_METRICS,
} from './router.tokens';

/** Composition root: wire adapters, the directory in use, metrics; controllers only translate. */
@Module({})
export class RouterModule {
  static forRoot(wire: Wire, directory: Directory, cases: CaseRegister, log: (entry: object) => void): DynamicModule {
    const follower = new CaseFollower(wire, cases);
    const metrics = new RouterMetrics();
    metrics.directoryInUse(directory.version);
    const { holder, watcher, health } = followDirectory(wire, directory, metrics.registry, log, (version) =>
      metrics.directoryInUse(version),
    );
    const probes = healthProbes(wire);
    // Routed records are sealed per case (ADR 0023); the configuration requires the key store.
    const caseSeal = wire.caseSeal;
    if (!caseSeal) throw new Error('the router needs the per-case key store (KSB_CASE_KEY_DIR, KSB_CASE_KEK_FILE)');
    return {
      module: RouterModule,
      controllers: [RoutingController, CanaryForwardController, HealthController, ...probes.controllers],
      providers: [
        ...probes.providers,
        { provide: DIRECTORY_HOLDER, useValue: holder },
        { provide: DIRECTORY_HEALTH, useValue: health },
        { provide: ROUTER_METRICS, useValue: metrics },
        { provide: CASE_REGISTER, useValue: cases },
        { provide: CASE_SEAL, useValue: caseSeal },
        {
          provide: 'CASE_KEY_EXPIRY',
          useFactory: () => {
            const expiry = new CaseKeyExpiry(caseSeal.store, caseKeyLifeMs(), log);
            return { onApplicationBootstrap: () => expiry.start(), beforeApplicationShutdown: () => expiry.stop() };
          },
        },
        {
          provide: 'CASE_FOLLOWER',
          useFactory: () => ({
            onApplicationBootstrap: () => follower.start('router'),
            beforeApplicationShutdown: () => follower.stop(),
          }),
        },
        // Registered at start-up so a schema the registry rejects stops the service before it consumes.
        {
          provide: ROUTED_SCHEMAS,
          useFactory: async () =>
            new Map(
              await Promise.all(
                ROUTES.map(
                  async (r) => [r.routedRecord, await wire.registerSchema(r.routedTopic, r.routedRecord)] as const,
                ),
              ),
            ),
        },
        { provide: CANARY_SCHEMA, useFactory: () => wire.registerSchema(CANARY_ROUTED_TOPIC, CANARY_RECORD) },
        {
          provide: 'DIRECTORY_WATCHER',
          useFactory: () => ({
            onApplicationBootstrap: () => watcher.start('router'),
            beforeApplicationShutdown: () => watcher.stop(),
          }),
        },
        // Closes producers after Nest has stopped the transport, so in-flight transactions finish first.
        { provide: 'WIRE_SHUTDOWN', useFactory: () => ({ onApplicationShutdown: () => wire.close() }) },
      ],
    };
  }
}
