import type { RecordTypes } from './generated/contracts';

/**
 * Whatever the router writes to a routed topic: the event as ingested with its routing decision. Derived from
 * the generated record types by namespace, so a new event type's routed record joins without a hand-written copy.
 */
export type RoutedRecord = RecordTypes[Extract<keyof RecordTypes, `de.kinderschutz.bridge.routing.${string}`>];
