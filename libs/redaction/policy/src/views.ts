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
 * Every recipient view the policy defines: one per entry (event type, recipient role, legal basis), so a
 * recipient's schema cannot even represent what its basis does not allow. Entries for the same type and
 * role tell their views apart by `view` (the policy lint checks the names are distinct).
 */
export const generateViews = (policy: RedactionPolicy): ViewFile[] =>
  policy.entries.map((entry) => {
    const eventType = findEventType(entry.eventType);
    if (!eventType) throw new Error(`policy names unknown event type ${entry.eventType}`);
    const record = viewRecordName(eventType.record, entry.recipient, entry.view);
    return {
      file: `views/${record.slice(record.lastIndexOf('.') + 1)}.avsc`,
      record,
      schema: deriveView(readSchemaFile(eventType.record), entry, policy.version),
    };
  });
