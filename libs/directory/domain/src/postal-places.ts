import { parseCsv, toCsv } from './csv';
import type { PostalPlace } from './directory';

export const parsePostalPlaces = (csv: string): PostalPlace[] =>
  parseCsv(csv).map((row) => ({
    postalCode: row['postal_code'],
    place: row['place'],
    ags: row['ags'] ? row['ags'] : undefined,
    source: row['source'],
  }));

export const postalPlacesCsv = (places: readonly PostalPlace[]): string =>
  toCsv(
    ['postal_code', 'ags', 'place', 'source'],
    places.map((p) => [p.postalCode, p.ags ?? '', p.place, p.source]),
  );

export const groupPostalPlaces = (places: readonly PostalPlace[]): Map<string, readonly PostalPlace[]> => {
  const byCode = new Map<string, PostalPlace[]>();
  for (const p of places) byCode.set(p.postalCode, [...(byCode.get(p.postalCode) ?? []), p]);
  return byCode;
};
