import { reasonCodeOf } from '@ksb/errors';
import type { FollowedRecord } from '@ksb/wire';
import type { DeliveryApiMetrics } from './delivery-api.metrics';

/** Told of a record a feed cannot read and leaves out. */
export type SkippedRecord = (record: FollowedRecord, error: Error) => void;

/**
 * Logs and counts what a feed leaves out. Only the bridge's own services write the erasure, audit and
 * escalation feeds, so a record left out there is a fault an operator must see, not an agency's bad input (the
 * answer feed's are that, and the router dead-letters them).
 */
export const feedSkips =
  (metrics: DeliveryApiMetrics, log: (entry: object) => void) =>
  (feed: string): SkippedRecord =>
  (record, error) => {
    const reasonCode = reasonCodeOf(error);
    metrics.feedRecordsSkipped.inc({ feed, reason: reasonCode });
    log({
      msg: 'feed record skipped',
      feed,
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      reasonCode,
      reason: error.message,
    });
  };
