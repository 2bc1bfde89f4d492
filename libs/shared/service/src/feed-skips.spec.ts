import { Registry } from 'prom-client';
import { UnknownSchemaIdError, type FollowedRecord } from '@ksb/wire';
import { feedSkips } from './feed-skips';

const record: FollowedRecord = {
  topic: 'ksb.ops.case-erasures',
  partition: 0,
  offset: '3',
  timestamp: '0',
  value: Buffer.from('x'),
  headers: {},
};

describe('feedSkips', () => {
  it('counts a record left out by feed and reason code, and logs where it lies', async () => {
    const registry = new Registry();
    const logged: object[] = [];
    const skippedIn = feedSkips(registry, (entry) => logged.push(entry));
    skippedIn('erasure-feed')(record, new UnknownSchemaIdError(99));
    skippedIn('erasure-feed')(record, new Error('boom'));
    skippedIn('audit-feed')(record, new Error('boom'));
    const text = await registry.metrics();
    expect(text).toMatch(/^ksb_feed_records_skipped_total\{feed="erasure-feed",reason="UNKNOWN_SCHEMA_ID"\} 1$/m);
    expect(text).toMatch(/^ksb_feed_records_skipped_total\{feed="erasure-feed",reason="UNEXPECTED_ERROR"\} 1$/m);
    expect(text).toMatch(/^ksb_feed_records_skipped_total\{feed="audit-feed",reason="UNEXPECTED_ERROR"\} 1$/m);
    expect(logged[0]).toMatchObject({ feed: 'erasure-feed', offset: '3', reasonCode: 'UNKNOWN_SCHEMA_ID' });
  });
});
