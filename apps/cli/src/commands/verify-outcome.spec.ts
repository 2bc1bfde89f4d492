import type { Verdict } from '@ksb/audit-chain';
import { VERIFY_EXIT, verifyOutcome } from './verify-outcome';

const intact = (records: number, unsealedTail: number, unsignedTail = 0): Verdict => ({
  ok: true,
  records,
  checkpoints: 2,
  firstSequence: 1,
  lastSequence: records,
  lastHash: 'h',
  unsignedTail,
  unsealedTail,
});
const broken: Verdict = { ok: false, kind: 'EDITED', sequence: 7, detail: 'hash differs' };

describe('verifyOutcome', () => {
  it('is verified when every record is sealed, whether or not a checkpoint follows the last ones', () => {
    const { lines, exitCode } = verifyOutcome([{ partition: 0, verdict: intact(10, 0, 2) }], false);
    expect(exitCode).toBe(VERIFY_EXIT.VERIFIED);
    expect(lines).toEqual([
      'ok    partition 0: 10 records, sequence 1–10, 2 signed checkpoints, 2 sealed records after the last one',
    ]);
  });

  it('names the records whose seal lies beyond the window and has its own exit code for them', () => {
    const { lines, exitCode } = verifyOutcome([{ partition: 1, verdict: intact(10, 3) }], false);
    expect(exitCode).toBe(VERIFY_EXIT.UNPROVEN);
    expect(lines[1]).toBe(
      'UNPROVEN partition 1: sequence 8–10 (3 records) at the end of the window: linked, but their seal lies beyond it',
    );
  });

  it('fails unsigned records with --require-signed, and any broken chain always', () => {
    expect(verifyOutcome([{ partition: 1, verdict: intact(10, 3) }], true).exitCode).toBe(VERIFY_EXIT.FAILED);
    const mixed = verifyOutcome(
      [
        { partition: 0, verdict: intact(10, 3) },
        { partition: 1, verdict: broken },
      ],
      false,
    );
    expect(mixed.exitCode).toBe(VERIFY_EXIT.FAILED);
    expect(mixed.lines).toContain('FAIL  partition 1: EDITED at sequence 7: hash differs');
  });
});
