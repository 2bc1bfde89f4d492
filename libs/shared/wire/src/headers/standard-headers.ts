import { randomUUID } from 'node:crypto';
import { HEADER } from '@ksb/contracts';

export { HEADER };

export interface StandardHeaders {
  eventId: string;
  /** Shared by every event of one case flow, so the audit can follow it end to end. */
  correlationId: string;
  /** The event that caused this one; absent for an event an agency originated. */
  causationId?: string;
  producer: string;
  schemaSubject: string;
  schemaVersion: number;
}

export type RawHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

export const encodeHeaders = (h: StandardHeaders): Record<string, string> => {
  const out: Record<string, string> = {
    [HEADER.eventId]: h.eventId,
    [HEADER.correlationId]: h.correlationId,
    [HEADER.producer]: h.producer,
    [HEADER.schemaSubject]: h.schemaSubject,
    [HEADER.schemaVersion]: String(h.schemaVersion),
  };
  if (h.causationId) out[HEADER.causationId] = h.causationId;
  return out;
};

export const headerText = (headers: RawHeaders | undefined, name: string): string | undefined => {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
};

/** Every header as text (first value of repeated ones), e.g. to copy a message's headers into a dead letter. */
export const headersAsText = (headers: RawHeaders | undefined): Record<string, string> =>
  Object.fromEntries(Object.keys(headers ?? {}).map((name) => [name, headerText(headers, name) ?? '']));

/** Reads what is present; missing headers stay undefined rather than being invented on the consumer side. */
export const decodeHeaders = (headers: RawHeaders | undefined): Partial<StandardHeaders> => {
  const version = headerText(headers, HEADER.schemaVersion);
  return {
    eventId: headerText(headers, HEADER.eventId),
    correlationId: headerText(headers, HEADER.correlationId),
    causationId: headerText(headers, HEADER.causationId),
    producer: headerText(headers, HEADER.producer),
    schemaSubject: headerText(headers, HEADER.schemaSubject),
    schemaVersion: version === undefined ? undefined : Number(version),
  };
};

/** A new event id; the correlation id of a new flow starts equal to it. */
export const newEventId = (): string => randomUUID();
