import type { ChildInvolved, ChildWelfareNotification, CustodyHolder } from '@ksb/contracts';
import { targetForPlace, type Target } from './targets';
import type { Directory } from '@ksb/directory';
import type { RuleId } from './rule-catalogue';

interface Context {
  readonly directory: Directory;
  readonly date: string;
  readonly occurredAt: string;
}

const yearsBetween = (from: string, to: string) => {
  const [a, b] = [new Date(from), new Date(to)];
  const years = b.getUTCFullYear() - a.getUTCFullYear();
  const beforeBirthday =
    b.getUTCMonth() < a.getUTCMonth() || (b.getUTCMonth() === a.getUTCMonth() && b.getUTCDate() < a.getUTCDate());
  return years - (beforeBirthday ? 1 : 0);
};

const jugendamtOf = (place: ChildInvolved['habitualResidence'], path: string, rule: RuleId, context: Context) =>
  targetForPlace(place, path, 'jugendamtId', rule, context);

/** Rule 1: the Jugendamt where the child actually is now; if that is unknown, the incident place. */
export const acuteJugendamt = (
  event: ChildWelfareNotification,
  child: ChildInvolved,
  i: number,
  context: Context,
): Target =>
  child.currentWhereabouts
    ? jugendamtOf(child.currentWhereabouts, `children[${i}].currentWhereabouts`, 'P1-acute', context)
    : jugendamtOf(event.incident.place, 'incident.place', 'P1-acute', context);

const childsOwnPlace = (
  child: ChildInvolved,
  i: number,
  rule: 'P2-no-parents' | 'P2-lived-with-neither' | 'P2-young-adult',
  context: Context,
): Target =>
  child.habitualResidence
    ? jugendamtOf(child.habitualResidence, `children[${i}].habitualResidence`, rule, context)
    : jugendamtOf(child.currentWhereabouts, `children[${i}].currentWhereabouts`, rule, context);

const usable = (holder: CustodyHolder) => holder.residenceStatus === 'KNOWN' && holder.residence !== null;

/** Rule 2: the Jugendamt responsible for the case under §§ 86, 86a SGB VIII. */
export const caseOwnerJugendamt = (
  event: ChildWelfareNotification,
  child: ChildInvolved,
  i: number,
  context: Context,
): Target => {
  const birthDate = child.person.birthDate;
  if (birthDate && yearsBetween(birthDate, context.occurredAt) >= 18)
    return childsOwnPlace(child, i, 'P2-young-adult', context);

  const foster = child.fosterPlacement;
  if (foster && foster.expectedToContinue && yearsBetween(foster.since, context.occurredAt) >= 2) {
    return jugendamtOf(
      foster.fosterParentsResidence,
      `children[${i}].fosterPlacement.fosterParentsResidence`,
      'P2-foster',
      context,
    );
  }

  const parents = event.custodyHolders
    .map((holder, index) => ({ holder, path: `custodyHolders[${index}].residence` }))
    .filter(({ holder }) => holder.parentOf.includes(child.childRef) && usable(holder));
  if (parents.length === 0) return childsOwnPlace(child, i, 'P2-no-parents', context);

  const targets = parents.map(({ holder, path }) => ({
    holder,
    target: jugendamtOf(holder.residence, path, 'P2-parents', context),
  }));
  const problem = targets.find((t) => t.target.kind === 'problem');
  if (problem) return problem.target;
  const key = (t: Target) => (t.kind === 'office' ? t.officeId : t.kind === 'external' ? `external:${t.ags}` : '');
  if (new Set(targets.map((t) => key(t.target))).size === 1) return targets[0].target;

  // Parents live in different areas (§ 86 Abs. 2).
  const sole = targets.filter((t) => t.holder.custody === 'SOLE');
  if (sole.length === 1) return { ...sole[0].target, rule: 'P2-sole-custody' } as Target;
  if (child.livedWithNeitherParentLast6Months) return childsOwnPlace(child, i, 'P2-lived-with-neither', context);
  const livedWith = targets.filter((t) => child.lastLivedWith.includes(t.holder.holderRef));
  if (livedWith.length === 1) return { ...livedWith[0].target, rule: 'P2-lived-with' } as Target;
  if (livedWith.length > 1) {
    const lastStay = child.currentWhereabouts ?? child.habitualResidence;
    const path = child.currentWhereabouts ? `children[${i}].currentWhereabouts` : `children[${i}].habitualResidence`;
    return jugendamtOf(lastStay, path, 'P2-lived-with-both', context);
  }
  return {
    kind: 'problem',
    code: 'NOTHING_TO_DECIDE_ON',
    detail: `children[${i}]: parents live in different areas, no sole custody and children[${i}].lastLivedWith names neither`,
  };
};
