import { parseKeyRegister } from '@ksb/signatures';
import type { DirectorySnapshot } from '@ksb/contracts';
import type { Directory, Office } from './directory';
import { validateDirectory } from './load-directory';
import { COMPLETE_LAND } from './load-register';

/** The directory as one record for the compacted directory topic (unsigned: see signDirectorySnapshot). */
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
  registerEdition: directory.register.edition,
  registerMunicipalities: [...directory.register.municipalities.values()].map((m) => ({
    ...m,
    validTo: m.validTo ?? null,
  })),
  registerDistricts: [...directory.register.districts.values()].map((d) => ({ ...d, validTo: d.validTo ?? null })),
  postalPlaces: [...directory.postalPlaces.values()].flat().map((p) => ({ ...p, ags: p.ags ?? null })),
  contacts: directory.contacts.map((c) => ({
    ...c,
    function: c.function ?? null,
    phone: c.phone ?? null,
    email: c.email ?? null,
    topics: [...c.topics],
    validTo: c.validTo ?? null,
  })),
  contactTopics: directory.contactTopics.map((t) => ({ ...t })),
  roles: directory.roles.map((r) => ({ ...r, officeTypes: [...r.officeTypes] })),
  responsibilities: directory.responsibilities.map((r) => ({ ...r, validTo: r.validTo ?? null })),
  signatureKeyId: null,
  signature: null,
});

/** Back from the topic, validated like the files: a broken snapshot is refused, the old version stays. */
export const fromSnapshot = (snapshot: DirectorySnapshot): Directory =>
  validateDirectory({
    version: snapshot.version,
    offices: snapshot.offices.map((o) => ({
      ...o,
      role: o.role as Office['role'],
      type: o.type as Office['type'],
      validTo: o.validTo ?? undefined,
    })),
    municipalities: snapshot.municipalities.map((m) => ({ ...m, validTo: m.validTo ?? undefined })),
    signingKeys: parseKeyRegister(
      (snapshot.signingKeys ?? []).map(({ validTo, ...k }) => (validTo ? { ...k, validTo } : k)),
    ),
    register: {
      edition: snapshot.registerEdition,
      completeLand: COMPLETE_LAND,
      municipalities: new Map(
        snapshot.registerMunicipalities.map((m) => [m.ags, { ...m, validTo: m.validTo ?? undefined }]),
      ),
      districts: new Map(snapshot.registerDistricts.map((d) => [d.key, { ...d, validTo: d.validTo ?? undefined }])),
    },
    postalPlaces: snapshot.postalPlaces.map((p) => ({ ...p, ags: p.ags ?? undefined })),
    contacts: snapshot.contacts.map((c) => ({
      ...c,
      function: c.function ?? undefined,
      phone: c.phone ?? undefined,
      email: c.email ?? undefined,
      validTo: c.validTo ?? undefined,
    })),
    contactTopics: snapshot.contactTopics,
    roles: snapshot.roles,
    responsibilities: snapshot.responsibilities.map((r) => ({ ...r, validTo: r.validTo ?? undefined })),
  });
// Contact persons travel in the snapshot (signed with it) and, for readers of the register alone, as their own
// records on ksb.directory.contacts (ContactRegisterEntry).
