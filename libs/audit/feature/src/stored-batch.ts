import { AUDIT_SEAL_HEADER, type AuditRecord } from '@ksb/contracts';
import type { ChainVerifier } from '@ksb/audit-chain';
import { headerText, type ConsumedRecord, type RawHeaders } from '@ksb/wire';

/** Records as stored: their values and, in the same order, the writer's seal header where there is one. */
export interface StoredBatch {
  readonly values: Buffer[];
  readonly seals: (string | null)[];
}

/** What the chain needs of a record; checkpoints also need their details (the signed statement). */
const CHAIN_FIELDS = ['hop', 'sequence', 'previousHash'] as const;
type ChainFields = Pick<AuditRecord, (typeof CHAIN_FIELDS)[number]>;

/**
 * Decodes a batch and hands each record to the verifier with the bytes it was decoded from. Only the chain's
 * fields are decoded (the hash is over the bytes, so the rest need not be read); a checkpoint is decoded whole.
 */
export const pushStored = async (
  codec: { decodeAll<T>(values: readonly (Buffer | null)[], options?: { fields?: readonly string[] }): Promise<T[]> },
  verifier: ChainVerifier,
  { values, seals }: StoredBatch,
): Promise<number> => {
  const chained = await codec.decodeAll<ChainFields>(values, { fields: CHAIN_FIELDS });
  for (let i = 0; i < chained.length; i++) {
    const record = chained[i].hop === 'CHECKPOINT' ? (await codec.decodeAll<AuditRecord>([values[i]]))[0] : chained[i];
    verifier.push({ record, bytes: values[i], seal: seals[i] });
  }
  return chained.length;
};

/** The writer's seal on a fetched audit record, if it ends one of the writer's transactions. */
export const sealOf = (message: ConsumedRecord): string | null =>
  headerText(message.headers as RawHeaders, AUDIT_SEAL_HEADER) ?? null;

/** The values and seal headers of fetched audit records. */
export const storedBatch = (messages: readonly ConsumedRecord[]): StoredBatch => ({
  values: messages.map((m) => m.value as Buffer),
  seals: messages.map(sealOf),
});
