import type { Address } from '@ksb/contracts';
import { isValidOn, type Directory, type MunicipalityAssignment } from '@ksb/directory';
import type { RejectionCode } from './routing-decision';

export type PlaceResolution =
  | { readonly kind: 'participating'; readonly municipality: MunicipalityAssignment; readonly via: string }
  | { readonly kind: 'outside'; readonly ags: string }
  | { readonly kind: 'abroad'; readonly countryCode: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'problem'; readonly code: RejectionCode; readonly detail: string };

/** ARS (12 digits: Land, RB, Kreis, Verband, Gemeinde) → AGS (8 digits: Land, RB, Kreis, Gemeinde). */
const agsFromKey = (key: string): string | undefined => {
  if (/^\d{8}$/.test(key)) return key;
  if (/^\d{12}$/.test(key)) return `${key.slice(0, 5)}${key.slice(9)}`;
  return undefined;
};

/**
 * Which municipality a place is in, by its official key (AGS or ARS). A postal code alone may only
 * narrow: exactly one candidate is used and said so, several are a manual decision (BRIEF §3).
 */
export const resolvePlace = (
  place: Address | null | undefined,
  directory: Directory,
  date: string,
  path: string,
): PlaceResolution => {
  if (!place) return { kind: 'missing' };
  if (place.countryCode !== 'DE') return { kind: 'abroad', countryCode: place.countryCode };
  const valid = directory.municipalities.filter((m) => isValidOn(m, date));
  if (place.municipalityKey) {
    const ags = agsFromKey(place.municipalityKey);
    if (!ags)
      return {
        kind: 'problem',
        code: 'INVALID_MUNICIPALITY_KEY',
        detail: `${path}.municipalityKey is not an 8-digit AGS or 12-digit ARS`,
      };
    const municipality = valid.find((m) => m.ags === ags);
    if (municipality)
      return { kind: 'participating', municipality, via: `${path}.municipalityKey ${place.municipalityKey}` };
    const participatingKreise = new Set(valid.map((m) => m.ags.slice(0, 5)));
    if (participatingKreise.has(ags.slice(0, 5))) {
      return {
        kind: 'problem',
        code: 'UNKNOWN_MUNICIPALITY',
        detail: `${path}.municipalityKey ${ags} is in a participating Kreis but not in directory ${directory.version}`,
      };
    }
    return { kind: 'outside', ags };
  }
  if (place.postalCode) {
    const candidates = valid.filter((m) => m.postalCodes.includes(place.postalCode as string));
    if (candidates.length === 1)
      return {
        kind: 'participating',
        municipality: candidates[0],
        via: `${path}.postalCode ${place.postalCode} (only candidate)`,
      };
    if (candidates.length > 1) {
      return {
        kind: 'problem',
        code: 'AMBIGUOUS_POSTAL_CODE',
        detail: `${path}.postalCode ${place.postalCode} matches ${candidates.map((c) => c.ags).join(', ')}: manual decision`,
      };
    }
    return {
      kind: 'problem',
      code: 'UNKNOWN_MUNICIPALITY',
      detail: `${path}.postalCode ${place.postalCode} without municipality key matches no participating municipality`,
    };
  }
  return { kind: 'missing' };
};

export const describe = (r: PlaceResolution & { kind: 'participating' }) =>
  `${r.via} → AGS ${r.municipality.ags} (${r.municipality.name})`;
