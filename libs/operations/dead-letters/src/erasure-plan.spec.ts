import { AUDITED_NOTE_MAX_CHARS } from './audited-note';
import { erasureProblem } from './erasure-plan';

describe('erasureProblem', () => {
  const request = { caseId: 'case-1', reason: 'Hilfe beendet', legalBasis: '§ 84 Abs. 2 SGB X', by: 'ksb-case-eraser' };

  it('lets a request with case, reason and provision through', () => {
    expect(erasureProblem(request)).toBeUndefined();
  });

  it.each([
    ['no case', { caseId: ' ' }, 'NO_CASE'],
    ['no reason', { reason: '  ' }, 'NO_REASON'],
    ['a reason longer than the trail keeps', { reason: 'x'.repeat(AUDITED_NOTE_MAX_CHARS + 1) }, 'REASON_TOO_LONG'],
    ['no provision', { legalBasis: '' }, 'NO_LEGAL_BASIS'],
  ])('refuses %s before any key is destroyed', (_, change, refused) => {
    expect(erasureProblem({ ...request, ...change })).toMatchObject({ refused, why: expect.any(String) });
  });
});
