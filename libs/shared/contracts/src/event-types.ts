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
}

export const EVENT_TYPES: readonly EventType[] = [
  {
    name: 'police-notification',
    record: `${NAMESPACE_ROOT}.police.ChildWelfareNotification`,
    ingestTopic: 'ksb.ingest.police-notification',
    senderRoles: ['POLICE'],
  },
  {
    name: 'jugendamt-urgent-notice',
    record: `${NAMESPACE_ROOT}.jugendamt.UrgentNotice`,
    ingestTopic: 'ksb.ingest.jugendamt-urgent-notice',
    senderRoles: ['JUGENDAMT'],
  },
  {
    name: 'acknowledgement',
    record: `${NAMESPACE_ROOT}.feedback.Acknowledgement`,
    ingestTopic: 'ksb.ingest.acknowledgement',
    senderRoles: ['POLICE', 'JUGENDAMT'],
  },
];

export const findEventType = (name: string): EventType | undefined => EVENT_TYPES.find((t) => t.name === name);
