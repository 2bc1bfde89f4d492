import type { SigningKey } from '@ksb/signatures';
import type { OfficeRole } from '@ksb/contracts';
import type { MunicipalityRegister } from './municipality-register';

/** An office type (STADTJUGENDAMT, KPB, FAMILY_COURT, …): data, listed per role in roles.json. */
export type OfficeType = string;

/** A role an office can have (roles.json): network partners are new roles in data, not new code. */
export interface RoleDefinition {
  readonly role: OfficeRole;
  readonly label: string;
  readonly officeTypes: readonly OfficeType[];
  readonly source: string;
}

/**
 * Which office of a partner role (a family court, a school authority) is responsible for a municipality.
 * Jugendamt and police keep their columns in municipalities.csv; partner roles are rows here.
 */
export interface Responsibility {
  readonly ags: string;
  readonly role: OfficeRole;
  readonly officeId: string;
  readonly validFrom: string;
  readonly validTo?: string;
  readonly source: string;
}

/** An office that sends or receives: a Jugendamt, a police authority, later network partners. */
export interface Office {
  readonly id: string;
  readonly name: string;
  readonly role: OfficeRole;
  readonly type: OfficeType;
  readonly kreis: string;
  readonly validFrom: string;
  readonly validTo?: string;
  /** false where the assignment is inferred and awaits confirmation (e.g. Kriminalhauptstelle Viersen). */
  readonly verified: boolean;
  readonly source: string;
}

/** Which offices are responsible for one municipality, from when to when, and on what source. */
export interface MunicipalityAssignment {
  /** Amtlicher Gemeindeschlüssel, 8 digits. */
  readonly ags: string;
  readonly name: string;
  readonly kreis: string;
  readonly jugendamtId: string;
  readonly kpbId: string;
  readonly kriminalhauptstelleId: string;
  readonly postalCodes: readonly string[];
  readonly validFrom: string;
  readonly validTo?: string;
  readonly source: string;
}

/** The contact-topic code list (contact-topics.json): what a contact person is the contact for. */
export interface ContactTopic {
  readonly code: string;
  readonly label: string;
  readonly source: string;
}

/** An entry of the contact register (Ansprechpersonen per office). */
export interface ContactEntry {
  readonly entryId: string;
  readonly officeId: string;
  readonly name: string;
  readonly function?: string;
  readonly phone?: string;
  readonly email?: string;
  readonly topics: readonly string[];
  readonly validFrom: string;
  readonly validTo?: string;
  readonly source: string;
}

/** One place sharing a postal code (OpenStreetMap); `ags` is empty where no NRW municipality matches. */
export interface PostalPlace {
  readonly postalCode: string;
  readonly place: string;
  readonly ags?: string;
  readonly source: string;
}

export interface Directory {
  readonly version: string;
  readonly offices: ReadonlyMap<string, Office>;
  readonly municipalities: readonly MunicipalityAssignment[];
  readonly contacts: readonly ContactEntry[];
  /** The roles offices can have, with their office types (roles.json). */
  readonly roles: readonly RoleDefinition[];
  /** Partner roles' responsibilities per municipality (responsibilities.csv). */
  readonly responsibilities: readonly Responsibility[];
  /** The contact-topic code list the register's entries are checked against. */
  readonly contactTopics: readonly ContactTopic[];
  /** Whose signatures the bridge accepts (agencies, the gateway as proxy) and makes (deliveries). */
  readonly signingKeys: readonly SigningKey[];
  /** Every real municipality key (NRW in full, the other Länder by district): not ours ≠ does not exist. */
  readonly register: MunicipalityRegister;
  /** Every place sharing a postal code that a directory municipality uses: routing by code only if alone. */
  readonly postalPlaces: ReadonlyMap<string, readonly PostalPlace[]>;
}

export { isValidOn } from './validity';
