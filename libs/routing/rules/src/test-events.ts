import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  SCHEMA_DIR,
  type Address,
  type ChildInvolved,
  type ChildWelfareNotification,
  type CustodyHolder,
  type UrgentNotice,
} from '@ksb/contracts';

/** Test data builders on top of the example events in schemas/examples (spec helpers only). */
const example = <T>(file: string): T => JSON.parse(readFileSync(join(SCHEMA_DIR, 'examples', file), 'utf8')) as T;

export const at = (ags: string | null, extra: Partial<Address> = {}): Address => ({
  street: null,
  houseNumber: null,
  postalCode: null,
  municipalityName: null,
  municipalityKey: ags,
  countryCode: 'DE',
  ...extra,
});

export const child = (overrides: Partial<ChildInvolved> = {}): ChildInvolved => ({
  childRef: 'c1',
  person: { givenName: 'Mia', familyName: 'Muster', birthDate: '2018-04-02', sex: 'FEMALE' },
  habitualResidence: null,
  currentWhereabouts: null,
  lastLivedWith: [],
  livedWithNeitherParentLast6Months: false,
  fosterPlacement: null,
  ...overrides,
});

export const parent = (
  holderRef: string,
  residence: Address | null,
  overrides: Partial<CustodyHolder> = {},
): CustodyHolder => ({
  holderRef,
  person: { givenName: 'P', familyName: 'Muster', birthDate: null, sex: 'NOT_STATED' },
  relation: holderRef === 'p1' ? 'MOTHER' : 'FATHER',
  residence,
  residenceStatus: 'KNOWN',
  custody: 'JOINT',
  parentOf: ['c1'],
  ...overrides,
});

export const policeNotification = (overrides: Partial<ChildWelfareNotification> = {}): ChildWelfareNotification => ({
  ...example<ChildWelfareNotification>('police-notification.hilden.json'),
  ...overrides,
});

export const urgentNotice = (overrides: Partial<UrgentNotice> = {}): UrgentNotice => ({
  ...example<UrgentNotice>('jugendamt-urgent-notice.viersen.json'),
  ...overrides,
});
