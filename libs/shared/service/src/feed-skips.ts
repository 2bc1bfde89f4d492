import { Counter, type Registry } from 'prom-client';
import { reasonCodeOf } from '@ksb/errors';
import type { SkippedRecord } from '@ksb/wire';

/**
 * Logs and counts (`ksb_feed_records_skipped_total{feed,reason}`) what a service's feeds leave out because they
 * cannot read it. A follower must not stop on one bad record, but only the bridge's own services write the
 * feeds the services follow, so what one leaves out is a fault an operator must see: an erasure left out keeps
 * its case's deliveries served, an audit record left out a deadline unwatched. Alerted by FeedRecordSkipped.
 */
export const feedSkips = (registry: Registry, log: (entry: object) => void): ((feed: string) => SkippedRecord) => {
  const skipped = new Counter({
    name: 'ksb_feed_records_skipped_total',
    help: 'Records a feed could not read and left out, by feed and reason code',
    labelNames: ['feed', 'reason'] as const,
    registers: [registry],
  });
  return (feed) => (record, error) => {
    const reasonCode = reasonCodeOf(error);
    skipped.inc({ feed, reason: reasonCode });
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
};
