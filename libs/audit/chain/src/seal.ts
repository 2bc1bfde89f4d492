import { sign, verify, type KeyObject } from 'node:crypto';
import type { ChainHead } from './hash-chain';

/**
 * What the writer signs at the end of each transaction, per audit partition it wrote to: the partition, the
 * last record's sequence and its stored hash — which covers that record and, through the links, everything
 * before it. The partition is in it so a chain copied onto another partition does not verify there.
 */
const statement = (partition: number, head: ChainHead): Buffer =>
  Buffer.from(`ksb-audit-seal/v2 ${partition} ${head.sequence} ${head.hash}`);

/** The audit writer's seal (Ed25519, base64), carried in the ksb-audit-seal header of the sealed record. */
export const sealHead = (partition: number, head: ChainHead, privateKey: KeyObject): string =>
  sign(null, statement(partition, head), privateKey).toString('base64');

/**
 * Whether the audit writer sealed the chain up to this head. The broker's ACL already keeps others off the
 * audit topic; this holds where the ACL does not (an admin identity, a misapplied plan, a copied log).
 */
export const sealValid = (partition: number, head: ChainHead, seal: string, publicKey: KeyObject): boolean =>
  verify(null, statement(partition, head), publicKey, Buffer.from(seal, 'base64'));
