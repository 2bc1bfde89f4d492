import { isValidOn } from './validity';

/**
 * Every municipality of NRW and every Kreis of Germany, from the official municipality directory: what lets
 * the bridge tell "a real place outside the network" (hand off) from "a key that names nothing" (dead letter).
 */
export interface RegisteredMunicipality {
  /** Amtlicher Gemeindeschlüssel, 8 digits. */
  readonly ags: string;
  /** Amtlicher Regionalschlüssel, 12 digits (with the Gemeindeverband). */
  readonly ars: string;
  readonly name: string;
  readonly districtKey: string;
  /** A kreisfreie Stadt is its own örtlicher Träger der Jugendhilfe (§ 69 SGB VIII, AG-KJHG NRW). */
  readonly independentCity: boolean;
  readonly validFrom: string;
  readonly validTo?: string;
  readonly source: string;
}

/** A Kreis, kreisfreie Stadt or Städteregion (5-digit key: Land, Regierungsbezirk, Kreis). */
export interface RegisteredDistrict {
  readonly key: string;
  readonly name: string;
  readonly districtType: string;
  readonly validFrom: string;
  readonly validTo?: string;
  readonly source: string;
}

export interface MunicipalityRegister {
  /** Which official edition the lists come from, e.g. "GV100AD 2026-09-30". */
  readonly edition: string;
  /** Only the Land whose municipalities are all listed; elsewhere the register knows districts only. */
  readonly completeLand: string;
  readonly municipalities: ReadonlyMap<string, RegisteredMunicipality>;
  readonly districts: ReadonlyMap<string, RegisteredDistrict>;
}

/** The 16 Länder by the first two digits of every official key. */
export const LAENDER: Readonly<Record<string, string>> = {
  '01': 'Schleswig-Holstein',
  '02': 'Hamburg',
  '03': 'Niedersachsen',
  '04': 'Bremen',
  '05': 'Nordrhein-Westfalen',
  '06': 'Hessen',
  '07': 'Rheinland-Pfalz',
  '08': 'Baden-Württemberg',
  '09': 'Bayern',
  '10': 'Saarland',
  '11': 'Berlin',
  '12': 'Brandenburg',
  '13': 'Mecklenburg-Vorpommern',
  '14': 'Sachsen',
  '15': 'Sachsen-Anhalt',
  '16': 'Thüringen',
};

export type KeyCheck =
  | {
      readonly kind: 'real';
      readonly district: RegisteredDistrict;
      /** Set where the register lists every municipality of the Land (NRW); elsewhere only the district is checked. */
      readonly municipality?: RegisteredMunicipality;
    }
  | { readonly kind: 'unknown'; readonly reason: string };

/**
 * Whether an AGS can name a real municipality on the given date: Land, district and (in the complete Land)
 * the municipality itself must be in force. A kreisfreie Stadt's key ends in 000, no other municipality's does.
 */
export const checkMunicipalityKey = (register: MunicipalityRegister, ags: string, date: string): KeyCheck => {
  const land = ags.slice(0, 2);
  if (!LAENDER[land]) return { kind: 'unknown', reason: `${ags}: ${land} is no Land` };
  const district = register.districts.get(ags.slice(0, 5));
  if (!district || !isValidOn(district, date))
    return { kind: 'unknown', reason: `${ags}: district ${ags.slice(0, 5)} is not in register ${register.edition}` };
  if (land === register.completeLand) {
    const municipality = register.municipalities.get(ags);
    if (!municipality || !isValidOn(municipality, date))
      return { kind: 'unknown', reason: `${ags} is no municipality in register ${register.edition}` };
    return { kind: 'real', district, municipality };
  }
  const independentCity = district.districtType === 'Kreisfreie Stadt';
  if (independentCity !== ags.endsWith('000'))
    return {
      kind: 'unknown',
      reason: `${ags}: ${independentCity ? 'a kreisfreie Stadt has municipality part 000' : 'municipality part 000 in a Kreis'}`,
    };
  return { kind: 'real', district };
};

/**
 * Whom the bridge can name as responsible for a real place outside the network: a kreisfreie Stadt is its
 * own Jugendamt (§ 69 SGB VIII); elsewhere it names the district and says that the office is not known.
 */
export const responsibleOutside = (
  check: Extract<KeyCheck, { kind: 'real' }>,
  role: 'JUGENDAMT' | 'POLICE',
): string => {
  const where = `${check.municipality ? `${check.municipality.name}, ` : ''}${check.district.districtType} ${check.district.name} (${LAENDER[check.district.key.slice(0, 2)]})`;
  if (role === 'POLICE') return `${where}: its Kreispolizeibehörde (§ 7 POG NRW), not in the directory`;
  return check.municipality?.independentCity
    ? `Jugendamt der Stadt ${check.municipality.name} (kreisfreie Stadt, § 69 SGB VIII)`
    : `${where}: Kreisjugendamt or a town's own Jugendamt, not in the directory`;
};
