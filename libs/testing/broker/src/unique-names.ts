import { randomBytes } from 'node:crypto';

/** A topic suffix no other test (or earlier run) uses, so tests never read each other's messages. */
export const uniqueSuffix = (): string => `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

export const uniqueGroupId = (purpose: string): string => `ksb-test-${purpose}-${uniqueSuffix()}`;
