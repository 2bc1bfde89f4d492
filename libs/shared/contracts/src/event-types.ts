import { NAMESPACE_ROOT } from './naming';

/** Roles an office can have in the directory; new network partners are new roles, not new code. */
export type OfficeRole = 'POLICE' | 'JUGENDAMT';

export interface EventType {
  /** URL-safe name used by the gateway and the producer library. */
  readonly name: string;
  readonly record: string;
  /** Logical ingest topic the agencies publish to. */
  readonly ingestTopic: string;
  /** Which office roles may send it; the sender office comes from the credential. */
  readonly senderRoles: readonly OfficeRole[];
  /** Where the router writes it with its decision, and as which wrapper record. */
  readonly routedTopic: string;
  readonly routedRecord: string;
}

/** Where offices' answers go in: read back by the delivery API to know what an office already said. */
export const ACKNOWLEDGEMENT_INGEST_TOPIC = 'ksb.ingest.acknowledgement';

export const EVENT_TYPES: readonly EventType[] = [
  {
    name: 'police-notification',
    record: `${NAMESPACE_ROOT}.police.ChildWelfareNotification`,
    ingestTopic: 'ksb.ingest.police-notification',
    senderRoles: ['POLICE'],
    routedTopic: 'ksb.routed.police-notification',
    routedRecord: `${NAMESPACE_ROOT}.routing.RoutedPoliceNotification`,
  },
  {
    name: 'jugendamt-urgent-notice',
    record: `${NAMESPACE_ROOT}.jugendamt.UrgentNotice`,
    ingestTopic: 'ksb.ingest.jugendamt-urgent-notice',
    senderRoles: ['JUGENDAMT'],
    routedTopic: 'ksb.routed.jugendamt-urgent-notice',
    routedRecord: `${NAMESPACE_ROOT}.routing.RoutedUrgentNotice`,
  },
  {
    name: 'acknowledgement',
    record: `${NAMESPACE_ROOT}.feedback.Acknowledgement`,
    ingestTopic: ACKNOWLEDGEMENT_INGEST_TOPIC,
    senderRoles: ['POLICE', 'JUGENDAMT'],
    routedTopic: 'ksb.routed.acknowledgement',
    routedRecord: `${NAMESPACE_ROOT}.routing.RoutedAcknowledgement`,
  },
];

export const findEventType = (name: string): EventType | undefined => EVENT_TYPES.find((t) => t.name === name);
