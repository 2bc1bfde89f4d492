import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_DIR } from '@ksb/contracts';

/** An example event from schemas/examples, fresh each call so tests can change it freely. */
export const exampleEvent = <T = Record<string, unknown>>(file: string): T =>
  JSON.parse(readFileSync(join(SCHEMA_DIR, 'examples', file), 'utf8')) as T;

/** The example without its envelope: what a sender hands to the producer library or the gateway. */
export const exampleContent = (file: string) => {
  const { envelope: _envelope, ...content } = exampleEvent<Record<string, unknown>>(file);
  return content;
};

export const POLICE_EXAMPLE = 'police-notification.hilden.json';
export const JUGENDAMT_EXAMPLE = 'jugendamt-urgent-notice.viersen.json';
export const ACK_EXAMPLE = 'acknowledgement.erkrath.json';
