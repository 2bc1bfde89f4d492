import type { Compatibility } from '@ksb/contracts';

/** What the bridge needs from a Confluent-compatible registry; the vendor client stays behind it. */
export interface SchemaRegistryPort {
  /** Registers (or finds) the schema under the subject, setting the compatibility level on first use. */
  register(subject: string, schema: string, compatibility: Compatibility): Promise<{ id: number; version: number }>;
  /** The writer schema text for a schema id found in a message frame. */
  schemaById(id: number): Promise<string>;
}
