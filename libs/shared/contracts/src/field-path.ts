/**
 * The value at a dotted field path of an event as Avro decoded it (`envelope.senderOfficeId`,
 * `child.address`): how routing data and the redaction policy name the fields they look at. A path that runs
 * through a missing or non-object value yields undefined.
 */
export const valueAtPath = (event: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), event);
