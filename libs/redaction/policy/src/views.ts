import { findEventType, readSchemaFile } from '@ksb/contracts';
import { deriveView, viewRecordName } from './derive-view';
import type { RedactionPolicy } from './policy';

export interface ViewFile {
  /** Path under schemas/, e.g. views/ChildWelfareNotificationForJugendamt.avsc */
  readonly file: string;
  readonly record: string;
  readonly schema: Record<string, unknown>;
}

/**
 * Every recipient view the policy defines (one per event type and recipient role). Views of the same
 * source for the same role from different senders would clash; the policy has one sender per pair.
 */
export const generateViews = (policy: RedactionPolicy): ViewFile[] =>
  policy.entries.map((entry) => {
    const eventType = findEventType(entry.eventType);
    if (!eventType) throw new Error(`policy names unknown event type ${entry.eventType}`);
    const record = viewRecordName(eventType.record, entry.recipient);
    return {
      file: `views/${record.slice(record.lastIndexOf('.') + 1)}.avsc`,
      record,
      schema: deriveView(readSchemaFile(eventType.record), entry, policy.version),
    };
  });
