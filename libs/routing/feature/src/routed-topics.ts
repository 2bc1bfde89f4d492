import { ACKNOWLEDGEMENT, POLICE_NOTIFICATION, URGENT_NOTICE } from '@ksb/routing-rules';

/** Where each ingested event type goes after routing, and as which wrapper record. */
export const ROUTES = [
  {
    ingestTopic: 'ksb.ingest.police-notification',
    record: POLICE_NOTIFICATION,
    routedTopic: 'ksb.routed.police-notification',
    routedRecord: 'de.kinderschutz.bridge.routing.RoutedPoliceNotification',
  },
  {
    ingestTopic: 'ksb.ingest.jugendamt-urgent-notice',
    record: URGENT_NOTICE,
    routedTopic: 'ksb.routed.jugendamt-urgent-notice',
    routedRecord: 'de.kinderschutz.bridge.routing.RoutedUrgentNotice',
  },
  {
    ingestTopic: 'ksb.ingest.acknowledgement',
    record: ACKNOWLEDGEMENT,
    routedTopic: 'ksb.routed.acknowledgement',
    routedRecord: 'de.kinderschutz.bridge.routing.RoutedAcknowledgement',
  },
] as const;
