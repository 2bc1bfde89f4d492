import type { AuditEntry } from './audit-hops';

/** FNV-1a: stable across processes and versions, unlike a language's own string hash. */
const fnv1a = (text: string): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
};

/** All records of one case flow land in one partition, so its timeline is one chain read in order. */
export const auditPartition = (entry: AuditEntry, partitions: number): number =>
  fnv1a(entry.correlationId ?? entry.eventId ?? entry.auditId) % partitions;
