import { parseKeyRegister } from '@ksb/signatures';
import type { DirectorySnapshot } from '@ksb/contracts';
import type { Directory, Office } from './directory';
import { validateDirectory } from './load-directory';

/** The directory as one record for the compacted directory topic. */
export const toSnapshot = (directory: Directory, publishedAt: Date): DirectorySnapshot => ({
  version: directory.version,
  publishedAt: publishedAt.toISOString(),
  offices: [...directory.offices.values()].map((o) => ({ ...o, validTo: o.validTo ?? null })),
  municipalities: directory.municipalities.map((m) => ({
    ...m,
    postalCodes: [...m.postalCodes],
    validTo: m.validTo ?? null,
  })),
  signingKeys: directory.signingKeys.map((k) => ({ ...k, validTo: k.validTo ?? null })),
});

/** Back from the topic, validated like the files: a broken snapshot is refused, the old version stays. */
export const fromSnapshot = (snapshot: DirectorySnapshot): Directory =>
  validateDirectory(
    snapshot.version,
    snapshot.offices.map((o) => ({
      ...o,
      role: o.role as Office['role'],
      type: o.type as Office['type'],
      validTo: o.validTo ?? undefined,
    })),
    snapshot.municipalities.map((m) => ({ ...m, validTo: m.validTo ?? undefined })),
    [],
    parseKeyRegister((snapshot.signingKeys ?? []).map(({ validTo, ...k }) => (validTo ? { ...k, validTo } : k))),
  );
// Contact persons travel as their own records on ksb.directory.contacts (ContactRegisterEntry), not in the snapshot.
