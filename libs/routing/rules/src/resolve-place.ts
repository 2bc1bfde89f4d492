import type { Address } from '@ksb/contracts';
import {
  checkMunicipalityKey,
  isValidOn,
  type Directory,
  type KeyCheck,
  type MunicipalityAssignment,
} from '@ksb/directory';
import type { RejectionCode } from './routing-decision';

export type PlaceResolution =
  | { readonly kind: 'participating'; readonly municipality: MunicipalityAssignment; readonly via: string }
  /** A real municipality outside the network, as far as the register knows it. */
  | { readonly kind: 'outside'; readonly ags: string; readonly check: Extract<KeyCheck, { kind: 'real' }> }
  | { readonly kind: 'abroad'; readonly countryCode: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'problem'; readonly code: RejectionCode; readonly detail: string };

/**
 * The directory's municipalities in force on a day, by AGS: built once per directory version and day, so a
 * decision is a lookup however large the directory (all of NRW: 396 municipalities).
 */
const inForceByDay = new WeakMap<Directory, { date: string; byAgs: ReadonlyMap<string, MunicipalityAssignment> }>();
const inForce = (directory: Directory, date: string): ReadonlyMap<string, MunicipalityAssignment> => {
  const cached = inForceByDay.get(directory);
  if (cached?.date === date) return cached.byAgs;
  const byAgs = new Map(directory.municipalities.filter((m) => isValidOn(m, date)).map((m) => [m.ags, m]));
  inForceByDay.set(directory, { date, byAgs });
  return byAgs;
};

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
  const valid = inForce(directory, date);
  if (place.municipalityKey) {
    const ags = agsFromKey(place.municipalityKey);
    if (!ags)
      return {
        kind: 'problem',
        code: 'INVALID_MUNICIPALITY_KEY',
        detail: `${path}.municipalityKey is not an 8-digit AGS or 12-digit ARS`,
      };
    const municipality = valid.get(ags);
    const via = `${path}.municipalityKey ${place.municipalityKey}`;
    const check = checkMunicipalityKey(directory.register, ags, date);
    if (check.kind === 'unknown')
      return { kind: 'problem', code: 'UNKNOWN_MUNICIPALITY', detail: `${via}: ${check.reason}` };
    if (ags !== place.municipalityKey && check.municipality && check.municipality.ars !== place.municipalityKey)
      return {
        kind: 'problem',
        code: 'UNKNOWN_MUNICIPALITY',
        detail: `${via}: ARS does not match ${check.municipality.ars} of AGS ${ags} in register ${directory.register.edition}`,
      };
    if (municipality) return { kind: 'participating', municipality, via };
    return { kind: 'outside', ags, check };
  }
  if (place.postalCode) return resolvePostalCode(place.postalCode, valid, directory, path);
  return { kind: 'missing' };
};

/**
 * A postal code routes only where it lies wholly inside one directory municipality: every place sharing it
 * is known (postal-codes.csv), and a code shared with any other place — inside the network or not — is a
 * manual decision with the candidates listed, never the inside one by preference.
 */
const resolvePostalCode = (
  code: string,
  valid: ReadonlyMap<string, MunicipalityAssignment>,
  directory: Directory,
  path: string,
): PlaceResolution => {
  const places = directory.postalPlaces.get(code) ?? [];
  const inside = places.length === 1 && places[0].ags ? valid.get(places[0].ags) : undefined;
  if (inside)
    return { kind: 'participating', municipality: inside, via: `${path}.postalCode ${code} (only candidate)` };
  if (places.length > 1) {
    const candidates = places.map((p) => {
      const m = p.ags ? valid.get(p.ags) : undefined;
      return `${p.ags ?? 'no NRW key'} ${p.place} (${m ? m.jugendamtId : 'outside the network'})`;
    });
    return {
      kind: 'problem',
      code: 'AMBIGUOUS_POSTAL_CODE',
      detail: `${path}.postalCode ${code} is shared by ${candidates.join(', ')}: manual decision`,
    };
  }
  return {
    kind: 'problem',
    code: 'UNKNOWN_MUNICIPALITY',
    detail: `${path}.postalCode ${code} without municipality key is no code of a directory municipality`,
  };
};

export const describe = (r: PlaceResolution & { kind: 'participating' }) =>
  `${r.via} → AGS ${r.municipality.ags} (${r.municipality.name})`;
