import type { Directory } from '@ksb/directory';
import { caseProblem, routeEvent, type CaseProblem, type CaseRegister, type RoutingOutcome } from '@ksb/routing-rules';
import type { ConsumedEvent, ProcessorOutput, RegisteredSchema } from '@ksb/wire';
import { derivedEventId } from '@ksb/wire';
import { checkEventSignature } from '@ksb/signatures';
import { ROUTES } from './routed-topics';
import { CaseRejectedError, RoutingRejectedError, SignatureRejectedError } from './routing-rejected.error';
import { routedFactOf } from './case-feed';

export interface RoutingResult {
  readonly outputs: ProcessorOutput[];
  /** For metrics and logs: the rules that fired, or why the event was dead-lettered. */
  readonly rules: string[];
  readonly deadLetterReason?: string;
  readonly outcome?: RoutingOutcome;
}

const caseRefusal = (problem: CaseProblem | undefined) =>
  problem ? new CaseRejectedError(problem.code, problem.explanation) : undefined;

/**
 * The routing use case for one consumed event: decide with the pure rules and turn the outcome into
 * outputs for the transactional server: the routed record (event + decision), or a dead letter that
 * keeps the original bytes and carries the reason code.
 */
export const routeIngestedEvent = (
  consumed: ConsumedEvent,
  directory: Directory,
  routedSchemas: ReadonlyMap<string, RegisteredSchema>,
  now: Date,
  cases: CaseRegister,
): RoutingResult => {
  if (consumed.kind === 'undecodable') {
    return {
      outputs: [{ kind: 'dead-letter', input: consumed }],
      rules: [],
      deadLetterReason: (consumed.error as { code?: string }).code ?? 'UNDECODABLE',
    };
  }
  const route = ROUTES.find((r) => r.record === consumed.recordName);
  // Before any rule: who sent it is only known once the sender's key (or the gateway's) vouches for the bytes.
  const sender = (consumed.value as { envelope?: { senderOfficeId?: string } }).envelope?.senderOfficeId ?? '';
  const signature = route
    ? checkEventSignature(
        // A requeued dead letter is stored sealed under its case's key: the agency signed what is inside.
        {
          topic: route.ingestTopic,
          value: consumed.plainValue ?? consumed.rawValue,
          headers: consumed.rawHeaders,
          sender,
        },
        directory.signingKeys,
        now,
      )
    : undefined;
  const refusal =
    signature && !signature.ok
      ? new SignatureRejectedError(signature.code, signature.explanation)
      : caseRefusal(route ? caseProblem(cases, consumed.recordName, consumed.value) : undefined);
  if (refusal)
    return {
      outputs: [{ kind: 'dead-letter', input: { ...consumed, error: refusal } }],
      rules: [],
      deadLetterReason: refusal.code,
    };
  const outcome = routeEvent(consumed.recordName, consumed.value, directory, now);
  if (!route || outcome.kind === 'rejected') {
    const error =
      outcome.kind === 'rejected'
        ? new RoutingRejectedError(outcome.code, outcome.explanation)
        : new RoutingRejectedError('UNSUPPORTED_EVENT_TYPE', consumed.recordName);
    return {
      outputs: [{ kind: 'dead-letter', input: { ...consumed, error } }],
      rules: [],
      deadLetterReason: error.code,
      outcome,
    };
  }
  const inputEventId = consumed.headers.eventId ?? outcome.decision.eventId;
  const output: ProcessorOutput = {
    kind: 'event',
    event: {
      topic: route.routedTopic,
      schema: routedSchemas.get(route.routedRecord) as RegisteredSchema,
      key: consumed.key ?? outcome.decision.eventId,
      value: {
        decision: {
          ...outcome.decision,
          signedBy: signature?.ok ? signature.signedBy : null,
          signingKeyId: signature?.ok ? signature.keyId : null,
        },
        event: consumed.value,
      },
      eventId: derivedEventId('routed', inputEventId),
      correlationId: consumed.headers.correlationId ?? inputEventId,
      causationId: inputEventId,
    },
  };
  // Known at once to this instance (the follower brings other instances' decisions): an answer may follow soon.
  cases.record(routedFactOf({ decision: outcome.decision, event: consumed.value as never }));
  return { outputs: [output], rules: outcome.decision.recipients.map((r) => r.rule), outcome };
};
