import { isValidOn, type Directory } from '@ksb/directory';

/** Contact register topics that mark who takes over when an office does not answer in time. */
export const SECOND_LEVEL_TOPICS = { JUGENDAMT: 'on-call', POLICE: 'duty-desk' } as const;

/**
 * Who is to act at the second level for an overdue delivery to `officeId`: the office's own on-call service
 * (Jugendamt) or duty desk (police) from the contact register, else one of its Kreis; a function and a
 * service number, not a person's private data. Without an entry it says so, so the alert still names a way.
 */
export const secondLevelContact = (directory: Directory, officeId: string, at: Date): string => {
  const office = directory.offices.get(officeId);
  if (!office) return `no directory entry for ${officeId}`;
  const topic = SECOND_LEVEL_TOPICS[office.role as keyof typeof SECOND_LEVEL_TOPICS];
  const day = at.toISOString().slice(0, 10);
  const candidates = directory.contacts.filter((c) => c.topics.includes(topic) && isValidOn(c, day));
  const sameKreis = (id: string) => directory.offices.get(id)?.kreis === office.kreis;
  const contact =
    candidates.find((c) => c.officeId === officeId) ??
    candidates.find((c) => sameKreis(c.officeId) && directory.offices.get(c.officeId)?.role === office.role);
  if (!contact) return `no ${topic} contact in the register for ${office.name} (${office.kreis}): call the office`;
  const reach = [contact.phone, contact.email].filter(Boolean).join(', ');
  const owner = directory.offices.get(contact.officeId)?.name ?? contact.officeId;
  return `${contact.function ?? contact.name}, ${owner}${reach ? `: ${reach}` : ''}`;
};
