import type { AuditRecord } from '@ksb/contracts';

const COLUMNS = [
  'recordedAt',
  'hop',
  'eventId',
  'correlationId',
  'eventType',
  'senderOfficeId',
  'recipientOfficeId',
  'payloadSha256',
  'sequence',
  'previousHash',
  'auditId',
] as const;

/** RFC 4180 quoting: a field with a comma, quote or line break is quoted and its quotes doubled. */
export const csvField = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export const AUDIT_CSV_HEADER = [...COLUMNS, 'details'].join(',');

/** One record per line; details as one JSON column so the column set never changes with the hop kind. */
export const auditCsvLine = (record: AuditRecord): string =>
  [...COLUMNS.map((c) => String(record[c] ?? '')), JSON.stringify(record.details)].map(csvField).join(',');
