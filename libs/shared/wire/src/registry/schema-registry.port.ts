import type { Compatibility } from '@ksb/contracts';

/** What the bridge needs from a Confluent-compatible registry; the vendor client stays behind it. */
export interface SchemaRegistryPort {
  /** Registers (or finds) the schema under the subject, setting the compatibility level on first use. */
  register(subject: string, schema: string, compatibility: Compatibility): Promise<{ id: number; version: number }>;
  /**
   * Would the registry accept this schema under the subject, at the subject's configured level?
   * 'unregistered' when the subject does not exist yet (anything is acceptable then).
   */
  isCompatible(subject: string, schema: string): Promise<boolean | 'unregistered'>;
  /** The writer schema text for a schema id found in a message frame. */
  schemaById(id: number): Promise<string>;
  /** Resolves when the registry answers this identity (readiness); rejects with the reason otherwise. */
  answers(): Promise<void>;
}
