import type { Address } from '@ksb/contracts';
import { responsibleOutside, type Directory } from '@ksb/directory';
import { describe, resolvePlace } from './resolve-place';
import type { RejectionCode } from './routing-decision';
import type { RuleId } from './rule-catalogue';

/** Where one rule points: an office, the external channel, or a problem that stops the decision. */
export type Target =
  | { readonly kind: 'office'; readonly officeId: string; readonly rule: RuleId; readonly explanation: string }
  | { readonly kind: 'external'; readonly ags: string; readonly rule: RuleId; readonly explanation: string }
  | { readonly kind: 'problem'; readonly code: RejectionCode; readonly detail: string };

export type OfficeColumn = 'jugendamtId' | 'kpbId' | 'kriminalhauptstelleId';

/** The office responsible for a place, by the directory column that the rule asks for. */
export const targetForPlace = (
  place: Address | null | undefined,
  path: string,
  column: OfficeColumn,
  rule: RuleId,
  context: { directory: Directory; date: string },
): Target => {
  const r = resolvePlace(place, context.directory, context.date, path);
  switch (r.kind) {
    case 'participating':
      return {
        kind: 'office',
        officeId: r.municipality[column],
        rule,
        explanation: `${describe(r)} → ${r.municipality[column]}`,
      };
    case 'outside':
      return {
        kind: 'external',
        ags: r.ags,
        rule,
        explanation: `${path}.municipalityKey ${r.ags} is outside the participating offices (responsible: ${responsibleOutside(r.check, column === 'jugendamtId' ? 'JUGENDAMT' : 'POLICE')})`,
      };
    case 'abroad':
      return {
        kind: 'external',
        ags: `country ${r.countryCode}`,
        rule,
        explanation: `${path} is abroad (${r.countryCode})`,
      };
    case 'missing':
      return {
        kind: 'problem',
        code: 'NOTHING_TO_DECIDE_ON',
        detail: `${path} has neither a municipality key nor a postal code`,
      };
    case 'problem':
      return { kind: 'problem', code: r.code, detail: r.detail };
  }
};
