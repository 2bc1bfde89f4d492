import { Module, type DynamicModule } from '@nestjs/common';
import { DEAD_LETTER_PORT, EVENT_PUBLISHER, type Wire } from '@ksb/wire';
import { CanaryForwardController, ROUTED_CANARY_SCHEMA } from './canary/canary-forward.controller';
import { CANARY_RECORD, CANARY_ROUTED_TOPIC } from './canary/canary-probe';

/** Composition root: binds the wire adapters to the ports the controllers ask for. */
@Module({})
export class RouterModule {
  static forRoot(wire: Wire): DynamicModule {
    return {
      module: RouterModule,
      controllers: [CanaryForwardController],
      providers: [
        { provide: EVENT_PUBLISHER, useFactory: () => wire.publisher() },
        { provide: DEAD_LETTER_PORT, useFactory: () => wire.deadLetters() },
        // Registered at start-up so a schema the registry rejects stops the service before it consumes.
        // Closes producers after Nest has stopped the consumer, so in-flight sends finish first.
        { provide: 'WIRE_SHUTDOWN', useFactory: () => ({ onApplicationShutdown: () => wire.close() }) },
        { provide: ROUTED_CANARY_SCHEMA, useFactory: () => wire.registerSchema(CANARY_ROUTED_TOPIC, CANARY_RECORD) },
      ],
    };
  }
}
