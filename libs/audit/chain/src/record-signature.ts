import { sign, verify, type KeyObject } from 'node:crypto';
import type { AuditRecord } from '@ksb/contracts';

/**
 * What the writer signs for each record: its partition, its place and its chain hash (which covers every
 * field and, through the predecessor's hash, everything before it). The partition is in it so a record
 * copied onto another partition's chain does not verify there.
 */
const statement = (partition: number, sequence: number, hash: string): Buffer =>
  Buffer.from(`ksb-audit-record/v1 ${partition} ${sequence} ${hash}`);

/** The audit writer's signature of a linked record (Ed25519, base64). */
export const signRecord = (
  partition: number,
  record: AuditRecord,
  hash: string,
  privateKey: KeyObject,
): AuditRecord => ({
  ...record,
  writerSignature: sign(null, statement(partition, Number(record.sequence), hash), privateKey).toString('base64'),
});

/**
 * Whether the audit writer wrote this record. The broker's ACL already keeps others off the audit topic;
 * this holds where the ACL does not (an admin identity, a misapplied plan, a copied log).
 */
export const recordSignedByWriter = (
  partition: number,
  record: AuditRecord,
  hash: string,
  publicKey: KeyObject,
): boolean => {
  if (!record.writerSignature) return false;
  return verify(
    null,
    statement(partition, Number(record.sequence), hash),
    publicKey,
    Buffer.from(record.writerSignature, 'base64'),
  );
};
