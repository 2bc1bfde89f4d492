import { EVENT_TYPES } from '@ksb/contracts';

/** Where each ingested event type goes after routing, and as which wrapper record (from the event types). */
export const ROUTES = EVENT_TYPES.map((t) => ({
  ingestTopic: t.ingestTopic,
  record: t.record,
  routedTopic: t.routedTopic,
  routedRecord: t.routedRecord,
}));
