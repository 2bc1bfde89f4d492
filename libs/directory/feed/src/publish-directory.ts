import { DIRECTORY_CONTACTS_TOPIC, RECORD, type ContactRegisterEntry } from '@ksb/contracts';
import { signSnapshot, toSnapshot, type ContactEntry, type Directory } from '@ksb/directory';
import type { Signer } from '@ksb/signatures';
import type { Wire } from '@ksb/wire';
import { DIRECTORY_TOPIC } from './directory-watcher';

const SNAPSHOT_RECORD = RECORD.DirectorySnapshot;
const CONTACTS_TOPIC = DIRECTORY_CONTACTS_TOPIC;
const CONTACT_RECORD = RECORD.ContactRegisterEntry;

const toContactRecord = (c: ContactEntry): ContactRegisterEntry => ({
  entryId: c.entryId,
  officeId: c.officeId,
  contact: { name: c.name, function: c.function ?? null, phone: c.phone ?? null, email: c.email ?? null },
  topics: [...c.topics],
  validFrom: c.validFrom,
  validTo: c.validTo ?? null,
  source: c.source,
});

/**
 * Publishes one directory version: the snapshot (key "directory"), signed by the directory maintainer, that
 * routers and redactors check and switch to, and every contact register entry (key = entry id) on the
 * compacted contacts topic.
 */
export const publishDirectory = async (wire: Wire, directory: Directory, now: Date, maintainer: Signer) => {
  const publisher = await wire.publisher();
  const snapshotSchema = await wire.registerSchema(DIRECTORY_TOPIC, SNAPSHOT_RECORD);
  const eventId = `directory-${directory.version}`;
  const snapshot = await publisher.publish({
    topic: DIRECTORY_TOPIC,
    schema: snapshotSchema,
    key: 'directory',
    value: signSnapshot(toSnapshot(directory, now), maintainer),
    eventId,
    correlationId: eventId,
  });
  const contactSchema = await wire.registerSchema(CONTACTS_TOPIC, CONTACT_RECORD);
  for (const contact of directory.contacts) {
    await publisher.publish({
      topic: CONTACTS_TOPIC,
      schema: contactSchema,
      key: contact.entryId,
      value: toContactRecord(contact),
      eventId: `${eventId}/${contact.entryId}`,
      correlationId: eventId,
    });
  }
  return { snapshot, contacts: directory.contacts.length };
};
