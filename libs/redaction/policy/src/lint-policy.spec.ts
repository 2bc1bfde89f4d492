import { readFieldClassVocabulary } from '@ksb/contracts';
import { lintPolicy } from './lint-policy';
import { loadLegalCeiling, loadPolicy } from './load-policy';
import type { ClassDecision, RedactionPolicy } from './policy';

const vocabulary = readFieldClassVocabulary();
const ceiling = loadLegalCeiling();
const policy = loadPolicy();

const changed = (eventType: string, sender: string, fieldClass: string, decision: ClassDecision): RedactionPolicy => ({
  ...policy,
  entries: policy.entries.map((e) =>
    e.eventType === eventType && e.sender === sender ? { ...e, classes: { ...e.classes, [fieldClass]: decision } } : e,
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
    expect(problems).toEqual([
      expect.stringMatching(new RegExp(`${fieldClass} is ALLOW, but the law allows at most NEVER`)),
    ]);
  });

  it('fails when a conditional class is allowed outright', () => {
    const problems = lintPolicy(
      changed('jugendamt-urgent-notice', 'JUGENDAMT', 'CHILD_IDENTITY', { decision: 'ALLOW' }),
      ceiling,
      vocabulary,
    );
    expect(problems).toEqual([
      expect.stringMatching(/CHILD_IDENTITY is ALLOW, but the law allows at most CONDITIONAL/),
    ]);
  });

  it('fails on an undecided class, a condition on a missing field, and a manual decision without approver', () => {
    const base = changed('jugendamt-urgent-notice', 'JUGENDAMT', 'ENTRUSTED_CONTENT', {
      decision: 'MANUAL',
      condition: { field: 'legalBasis', equals: 'SGB8_65_CONFIDER_CONSENT' },
    });
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
        expect.stringMatching(/POLICE→JUGENDAMT police-notification: class FEEDBACK is not decided/),
        expect.stringMatching(/HEALTH_DATA condition names disclosureStatements.healthOk, which .* does not have/),
        expect.stringMatching(/ENTRUSTED_CONTENT is MANUAL, so its condition must require the named approver/),
      ]),
    );
  });
});
