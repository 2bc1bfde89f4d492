import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LegalCeiling, RedactionPolicy } from './policy';

export const POLICY_DATA_DIR = resolve(__dirname, '..', 'data');

export const loadPolicy = (dir = POLICY_DATA_DIR): RedactionPolicy =>
  JSON.parse(readFileSync(join(dir, 'redaction-policy.json'), 'utf8')) as RedactionPolicy;

export const loadLegalCeiling = (dir = POLICY_DATA_DIR): LegalCeiling => {
  const { doc: _doc, ...ceiling } = JSON.parse(readFileSync(join(dir, 'legal-ceiling.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  return ceiling as LegalCeiling;
};
