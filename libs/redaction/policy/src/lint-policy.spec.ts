import { readFieldClassVocabulary } from '@ksb/contracts';
import { lintPolicy } from './lint-policy';
import { loadLegalCeiling, loadPolicy } from './load-policy';
import type { ClassDecision, RedactionPolicy } from './policy';

const vocabulary = readFieldClassVocabulary();
const ceiling = loadLegalCeiling();
const policy = loadPolicy();

const ASSISTANCE = 'SGB8_8A3_SGB10_69_ASSISTANCE_REQUEST';
const IDENTITY_REQUEST = 'SGB10_68_IDENTITY_AND_WHEREABOUTS';
const changed = (
  eventType: string,
  sender: string,
  fieldClass: string,
  decision: ClassDecision,
  basis?: string,
): RedactionPolicy => ({
  ...policy,
  entries: policy.entries.map((e) =>
    e.eventType === eventType && e.sender === sender && (basis === undefined || e.basis === basis)
      ? { ...e, classes: { ...e.classes, [fieldClass]: decision } }
      : e,
  ),
});

describe('redaction policy lint', () => {
  it('passes the shipped policy', () => {
    expect(lintPolicy(policy, ceiling, vocabulary)).toEqual([]);
  });

  it.each([
    ['INVESTIGATION_CONTENT', 'police-notification', 'POLICE'],
    ['CONFIDENTIAL_SOURCE', 'police-notification', 'POLICE'],
    ['COVERT_MEASURE_DATA', 'police-notification', 'POLICE'],
    ['UNRELATED_THIRD_PARTY', 'jugendamt-urgent-notice', 'JUGENDAMT'],
    ['HEALTH_DATA', 'jugendamt-urgent-notice', 'JUGENDAMT'],
  ])('fails when a change lets the "never" class %s cross (%s)', (fieldClass, eventType, sender) => {
    const problems = lintPolicy(changed(eventType, sender, fieldClass, { decision: 'ALLOW' }), ceiling, vocabulary);
    const entries = policy.entries.filter((e) => e.eventType === eventType && e.sender === sender);
    expect(problems).toEqual(
      entries.map((e) =>
        expect.stringMatching(new RegExp(`under ${e.basis}: ${fieldClass} is ALLOW, but the law allows at most NEVER`)),
      ),
    );
  });

  it('fails when a class that needs an approver under its basis is allowed outright', () => {
    const problems = lintPolicy(
      changed('jugendamt-urgent-notice', 'JUGENDAMT', 'CHILD_IDENTITY', { decision: 'ALLOW' }, IDENTITY_REQUEST),
      ceiling,
      vocabulary,
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /under SGB10_68_IDENTITY_AND_WHEREABOUTS: CHILD_IDENTITY is ALLOW, but the law allows at most MANUAL/,
      ),
      expect.stringMatching(
        /CHILD_IDENTITY lets every field cross; the basis allows only childRef, person, habitualResidence, currentWhereabouts/,
      ),
    ]);
  });

  it('checks every entry against the ceiling of its own basis (issue 14)', () => {
    // Allowed under the assistance request, far beyond a § 68 request.
    expect(
      lintPolicy(
        changed('jugendamt-urgent-notice', 'JUGENDAMT', 'INCIDENT', { decision: 'ALLOW' }, ASSISTANCE),
        ceiling,
        vocabulary,
      ),
    ).toEqual([]);
    expect(
      lintPolicy(
        changed('jugendamt-urgent-notice', 'JUGENDAMT', 'INCIDENT', { decision: 'ALLOW' }, IDENTITY_REQUEST),
        ceiling,
        vocabulary,
      ),
    ).toEqual([
      expect.stringMatching(
        /under SGB10_68_IDENTITY_AND_WHEREABOUTS: INCIDENT is ALLOW, but the law allows at most NEVER/,
      ),
    ]);
    const custodyToo = {
      decision: 'MANUAL' as const,
      condition: { field: 'approver', present: true as const },
      only: ['holderRef', 'person', 'residence', 'custody'],
    };
    expect(
      lintPolicy(
        changed('jugendamt-urgent-notice', 'JUGENDAMT', 'CUSTODY_HOLDER', custodyToo, IDENTITY_REQUEST),
        ceiling,
        vocabulary,
      ),
    ).toEqual([
      expect.stringMatching(/CUSTODY_HOLDER lets custody cross; the basis allows only holderRef, person, residence/),
    ]);
  });

  it('fails on a basis the ceiling does not know, a condition on the basis itself, and a view name used twice', () => {
    const [police, assistance, identity, ...rest] = policy.entries;
    const broken: RedactionPolicy = {
      ...policy,
      entries: [
        police,
        { ...assistance, basis: 'SGB10_69_SOMETHING_ELSE' },
        {
          ...identity,
          view: assistance.view,
          classes: {
            ...identity.classes,
            CHILD_IDENTITY: {
              decision: 'MANUAL',
              condition: {
                allOf: [
                  { field: 'legalBasis', equals: IDENTITY_REQUEST },
                  { field: 'approver', present: true },
                ],
              },
              only: ['person'],
            },
          },
        },
        ...rest,
      ],
    };
    expect(lintPolicy(broken, ceiling, vocabulary)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /under SGB10_69_SOMETHING_ELSE: the legal ceiling has no row for this direction and basis/,
        ),
        expect.stringMatching(/CHILD_IDENTITY condition reads legalBasis; the entry is already for SGB10_68/),
        expect.stringMatching(
          /view de.kinderschutz.bridge.views.UrgentNoticeForPoliceAssistanceRequest is also the view of/,
        ),
      ]),
    );
  });

  it('fails on an undecided class, a condition on a missing field, and a manual decision without approver', () => {
    const base = changed(
      'jugendamt-urgent-notice',
      'JUGENDAMT',
      'ENTRUSTED_CONTENT',
      { decision: 'MANUAL', condition: { field: 'courtOrderReference', present: true } },
      'SGB8_65_CONFIDER_CONSENT',
    );
    const withTypo = {
      ...base,
      entries: base.entries.map((e) =>
        e.eventType === 'police-notification'
          ? {
              ...e,
              classes: {
                ...e.classes,
                HEALTH_DATA: {
                  decision: 'CONDITIONAL' as const,
                  condition: { field: 'disclosureStatements.healthOk', equals: true },
                },
              },
            }
          : e,
      ),
    };
    const { FEEDBACK: _dropped, ...withoutFeedback } = withTypo.entries[0].classes;
    const broken = {
      ...withTypo,
      entries: [{ ...withTypo.entries[0], classes: withoutFeedback }, ...withTypo.entries.slice(1)],
    };
    expect(lintPolicy(broken, ceiling, vocabulary)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /POLICE→JUGENDAMT police-notification under POLICE_UNSOLICITED_NOTIFICATION: class FEEDBACK is not decided/,
        ),
        expect.stringMatching(/HEALTH_DATA condition names disclosureStatements.healthOk, which .* does not have/),
        expect.stringMatching(/ENTRUSTED_CONTENT is MANUAL, so its condition must require the named approver/),
      ]),
    );
  });
});
