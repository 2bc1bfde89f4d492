import type { MunicipalityRegister, RegisteredDistrict, RegisteredMunicipality } from './municipality-register';
import { COMPLETE_LAND } from './load-register';

/**
 * Reads Destatis' municipality directory GV100AD (fixed-width records, one per line; Datensatzbeschreibung
 * GV100AD). Positions are characters, 1-based in the description, 0-based here:
 *   [0,2) record type: 10 Land · 20 Regierungsbezirk · 30 Region · 40 Kreis · 50 Gemeindeverband · 60 Gemeinde
 *   [2,10) Gebietsstand YYYYMMDD · [10,18) key: Land 2, RB 1, Kreis 2, Gemeinde 3 · [18,22) Gemeindeverband
 *   [22,72) name · [122,124) Textkennzeichen (40: 41 kreisfreie Stadt, 42 Stadtkreis, 43 Kreis, 44 Landkreis,
 *   45 Regionalverband; 60: 61 kreisfreie Stadt, 62 Stadtkreis, 63 Stadt, 64 kreisangehörige Gemeinde, …)
 * A line that does not fit is refused with its number, never skipped: a silently short register would turn
 * real municipalities into "unknown" ones.
 */
export class Gv100adFormatError extends Error {
  readonly code = 'GV100AD_FORMAT';
}

const DISTRICT_TYPES: Readonly<Record<string, string>> = {
  '41': 'Kreisfreie Stadt',
  '42': 'Stadtkreis',
  '43': 'Kreis',
  '44': 'Landkreis',
  '45': 'Regionalverband',
};
const INDEPENDENT_CITY = new Set(['61', '62']);

export const parseGv100ad = (text: string, sourceName: string): MunicipalityRegister => {
  const districts = new Map<string, RegisteredDistrict>();
  const municipalities = new Map<string, RegisteredMunicipality>();
  const editions = new Set<string>();
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const at = `line ${index + 1}`;
    const type = line.slice(0, 2);
    if (!['10', '20', '30', '40', '50', '60'].includes(type))
      throw new Gv100adFormatError(`${at}: record type ${JSON.stringify(type)} is not a GV100AD record type`);
    const stand = line.slice(2, 10);
    if (!/^\d{8}$/.test(stand))
      throw new Gv100adFormatError(`${at}: Gebietsstand ${JSON.stringify(stand)} is not YYYYMMDD`);
    const asOf = `${stand.slice(0, 4)}-${stand.slice(4, 6)}-${stand.slice(6, 8)}`;
    editions.add(asOf);
    const name = line.slice(22, 72).trim();
    const code = line.slice(122, 124);
    if (type === '40') {
      const key = line.slice(10, 15);
      if (!/^\d{5}$/.test(key) || !DISTRICT_TYPES[code])
        throw new Gv100adFormatError(`${at}: district record needs a 5-digit key and Textkennzeichen 41-45`);
      districts.set(key, {
        key,
        name,
        districtType: DISTRICT_TYPES[code],
        validFrom: asOf,
        source: `${sourceName} (${asOf})`,
      });
    }
    if (type === '60' && line.slice(10, 12) === COMPLETE_LAND) {
      const ags = line.slice(10, 18);
      const association = line.slice(18, 22);
      if (!/^\d{8}$/.test(ags) || !/^\d{4}$/.test(association) || name === '')
        throw new Gv100adFormatError(
          `${at}: municipality record needs an 8-digit key, a 4-digit Gemeindeverband and a name`,
        );
      municipalities.set(ags, {
        ags,
        ars: `${ags.slice(0, 5)}${association}${ags.slice(5)}`,
        name: name.replace(/, Stadt$/, ''),
        districtKey: ags.slice(0, 5),
        independentCity: INDEPENDENT_CITY.has(code),
        validFrom: asOf,
        source: `${sourceName} (${asOf})`,
      });
    }
  });
  if (editions.size !== 1)
    throw new Gv100adFormatError(
      `one Gebietsstand expected, found ${editions.size === 0 ? 'none' : [...editions].join(', ')}`,
    );
  if (municipalities.size === 0) throw new Gv100adFormatError(`no municipality of Land ${COMPLETE_LAND} in the file`);
  return { edition: `GV100AD ${[...editions][0]}`, completeLand: COMPLETE_LAND, municipalities, districts };
};
