import { summarizeDeadLetters, type DeadLetterGroup } from './dead-letter-summary';
import { UNKNOWN } from './dead-letter-facts';

/** The part of an audit record the tally reads: REJECTED hops, and any hop of a requeued copy. */
export interface AuditedHop {
  readonly hop: string;
  readonly auditId: string;
  readonly recordedAt: string;
  readonly correlationId?: string | null;
  readonly details: Readonly<Record<string, string>>;
}

/**
 * Dead letters that wait for triage, as the audit trail tells them: every REJECTED hop is a letter (its audit
 * id is its place on the dead-letter topic), and a hop of a copy that names the letter in `requeuedFrom`
 * settles it. Built from the trail, not the dead-letter topic, so the dashboard needs no read access to
 * content; the two may arrive in either order (they lie on different audit partitions). An erasure of the
 * letter's case (`ksb case erase`, or `ksb dlq purge` of the letter) settles every letter of the case made
 * before it: sealed under a destroyed key, there is nothing left to requeue. So does CASE_ERASED itself, the
 * letter an erasure leaves behind on purpose.
 */
export class DeadLetterTally {
  private readonly waiting = new Map<string, { reason: string; stage: string; at: number; caseId?: string }>();
  private readonly requeued = new Set<string>();
  /** When each erased case was erased (its first erasure). */
  private readonly erased = new Map<string, number>();

  /**
   * @param keptMs the dead-letter topic's retention: the trail keeps REJECTED hops for ever, but a letter older
   * than this is gone from its topic (nothing left to requeue) and would otherwise be counted, and alerted
   * on, for ever.
   */
  constructor(private readonly keptMs: number) {}

  observe(record: AuditedHop): void {
    const from = record.details.requeuedFrom;
    if (from !== undefined) {
      this.requeued.add(from);
      this.waiting.delete(from);
    }
    const occurred = Date.parse(record.details.occurredAt ?? record.recordedAt);
    const at = Number.isNaN(occurred) ? Date.parse(record.recordedAt) : occurred;
    const caseId = record.correlationId ?? undefined;
    if (record.hop === 'ERASED' && caseId !== undefined) {
      const erasedAt = Math.min(this.erased.get(caseId) ?? at, at);
      this.erased.set(caseId, erasedAt);
      for (const [place, letter] of this.waiting)
        if (letter.caseId === caseId && letter.at <= erasedAt) this.waiting.delete(place);
      return;
    }
    if (record.hop !== 'REJECTED' || this.requeued.has(record.auditId)) return;
    const reason = record.details.reasonCode ?? UNKNOWN;
    if (reason === 'CASE_ERASED') return;
    const erasedAt = caseId === undefined ? undefined : this.erased.get(caseId);
    if (erasedAt !== undefined && at <= erasedAt) return;
    this.waiting.set(record.auditId, { reason, stage: record.details.service ?? 'unknown', at, caseId });
  }

  /** What still waits at `now`, by reason and stage, most first, with the oldest's and newest's time. */
  summary(now: number): DeadLetterGroup[] {
    for (const [place, letter] of this.waiting) if (now - letter.at >= this.keptMs) this.waiting.delete(place);
    return summarizeDeadLetters([...this.waiting.values()].map(({ reason, stage, at }) => ({ reason, stage, at })));
  }
}
