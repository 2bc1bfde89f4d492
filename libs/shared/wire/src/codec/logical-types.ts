import { Type, types, type Schema } from 'avsc';

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Avro `date` (days since epoch) as an ISO date string 'YYYY-MM-DD'. The JSON an agency posts and the value
 * a service handles are then the same thing, and an impossible date fails validation with its field path.
 */
class IsoDateType extends types.LogicalType {
  override _fromValue(days: number): string {
    return new Date(days * DAY_MS).toISOString().slice(0, 10);
  }
  override _toValue(value: unknown): number | undefined {
    if (typeof value !== 'string' || !ISO_DATE.test(value)) return undefined;
    const ms = Date.parse(`${value}T00:00:00Z`);
    if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) return undefined;
    return ms / DAY_MS;
  }
  override _resolve(writer: Type) {
    if (Type.isType(writer, 'logical:date')) return (v: number) => v;
    return undefined;
  }
}

/** Avro `timestamp-millis` as an ISO-8601 instant string with a zone (e.g. 2026-11-21T05:00:00.000Z). */
class IsoTimestampType extends types.LogicalType {
  override _fromValue(ms: number): string {
    return new Date(ms).toISOString();
  }
  override _toValue(value: unknown): number | undefined {
    if (typeof value !== 'string' || !/(Z|[+-]\d{2}:\d{2})$/.test(value)) return undefined;
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  override _resolve(writer: Type) {
    if (Type.isType(writer, 'logical:timestamp-millis')) return (v: number) => v;
    return undefined;
  }
}

export const LOGICAL_TYPES = { date: IsoDateType, 'timestamp-millis': IsoTimestampType };

/** Compiles a schema the way every producer, consumer and tool of the bridge must: with our logical types. */
export const compileAvro = (schema: unknown): Type =>
  Type.forSchema(schema as Schema, { logicalTypes: LOGICAL_TYPES as never });
