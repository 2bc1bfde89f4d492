import type { EventType } from '@ksb/contracts';
import type { Office } from '@ksb/directory';
import { SenderRoleNotAllowedError } from './gateway.errors';

/** Only the roles the cooperation agreements give an event type may send it. */
export const authorizeSender = (office: Office, eventType: EventType): void => {
  if (!eventType.senderRoles.includes(office.role)) {
    throw new SenderRoleNotAllowedError(`${office.id} (${office.role}) may not send ${eventType.name}`);
  }
};
