import { toSnapshot, type Directory } from '@ksb/directory';
import type { Wire } from '@ksb/wire';
import { DIRECTORY_TOPIC } from './directory-watcher';

const SNAPSHOT_RECORD = 'de.kinderschutz.bridge.directory.DirectorySnapshot';

/** Publishes one directory version to the compacted topic (key "directory"): routers switch to it. */
export const publishDirectory = async (wire: Wire, directory: Directory, now: Date) => {
  const schema = await wire.registerSchema(DIRECTORY_TOPIC, SNAPSHOT_RECORD);
  const publisher = await wire.publisher();
  const eventId = `directory-${directory.version}`;
  return publisher.publish({
    topic: DIRECTORY_TOPIC,
    schema,
    key: 'directory',
    value: toSnapshot(directory, now),
    eventId,
    correlationId: eventId,
  });
};
