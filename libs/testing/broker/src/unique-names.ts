import { randomBytes } from 'node:crypto';

/** A topic suffix no other test (or earlier run) uses, so tests never read each other's messages. */
export const uniqueSuffix = (): string => `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

/**
 * `ksb-<purpose>-t…`: a stage's test group starts with the stage's principal name (ksb-router-t…), which its
 * ACLs allow as a prefix (docs/adr/0013), so the same ids serve tests as admin and as the stage itself.
 */
export const uniqueGroupId = (purpose: string): string => `ksb-${purpose}-${uniqueSuffix()}`;
