import { encryptToRecipients, type ContentKeys, type WrappedContentKey } from '@ksb/envelopes';
import { encryptionKeysFor, signDelivery, type Signer } from '@ksb/signatures';
import {
  DELIVERY_HEADER,
  deliveryTopicName,
  EVENT_TYPES,
  EXTERNAL_HANDOFF_TOPIC,
  readSchemaFile,
  RECORD,
  REDACTION_REPORT_TOPIC,
  type OfficeRole,
  type RedactionReport,
  type RoutedRecord,
} from '@ksb/contracts';
import type { Directory } from '@ksb/directory';
import { basisOfEvent, findEntry, projectEvent, viewRecordName, type RedactionPolicy } from '@ksb/redaction';
import { derivedEventId, type ConsumedEvent, type ProcessorOutput, type RegisteredSchema } from '@ksb/wire';
import { NoPolicyError, UnknownLegalBasisError, UnknownOfficeError } from './redaction.errors';
import type { ViewSchemas } from './view-schemas';

/** Source schemas read once per record (the expanded form is then cached by the projection). */
const sources = new Map<string, Record<string, unknown>>();
const sourceSchema = (record: string) => {
  let schema = sources.get(record);
  if (!schema) sources.set(record, (schema = readSchemaFile(record)));
  return schema;
};

/** The direction an external handoff goes in: the role the (non-participating) responsible office has. */
const EXTERNAL_ROLE: Record<string, OfficeRole> = {
  'police-notification': 'JUGENDAMT',
  'jugendamt-urgent-notice': 'POLICE',
};

export interface RedactionContext {
  readonly directory: Directory;
  readonly policy: RedactionPolicy;
  readonly views: ViewSchemas;
  readonly reportSchema: RegisteredSchema;
  /** The bridge's delivery key: each delivery is signed over its bytes and recipient (`ksb delivery verify`). */
  readonly deliverySigner: Signer;
  /** Content keys wrapped per office with encryption keys, reused for a while (ADR 0023). */
  readonly contentKeys: ContentKeys;
}

export interface DeliverySummary {
  readonly officeId: string;
  readonly removedPaths: readonly string[];
  readonly withheldPaths: readonly string[];
}

/**
 * One routed event → one delivery per recipient (its view, on its own topic) and one redaction report per
 * delivery, all returned as outputs for one transaction. Anything without a policy is dead-lettered whole:
 * default deny, and never a partial delivery that an auditor cannot explain.
 */
export const redactRoutedEvent = async (
  consumed: ConsumedEvent<RoutedRecord>,
  ctx: RedactionContext,
): Promise<{ outputs: ProcessorOutput[]; deliveries: DeliverySummary[]; deadLetterReason?: string }> => {
  if (consumed.kind === 'undecodable')
    return { outputs: [{ kind: 'dead-letter', input: consumed }], deliveries: [], deadLetterReason: 'UNDECODABLE' };
  const { decision, event } = consumed.value;
  const eventType = EVENT_TYPES.find((t) => t.routedRecord === consumed.recordName);
  const sender = ctx.directory.offices.get(event.envelope.senderOfficeId);
  const deadLetter = (error: Error & { code: string }) => ({
    outputs: [{ kind: 'dead-letter' as const, input: { ...consumed, error } }],
    deliveries: [],
    deadLetterReason: error.code,
  });
  if (!eventType) return deadLetter(new NoPolicyError(`no event type for ${consumed.recordName}`));
  if (!sender)
    return deadLetter(
      new UnknownOfficeError(`sender ${event.envelope.senderOfficeId} is not in directory ${ctx.directory.version}`),
    );

  const outputs: ProcessorOutput[] = [];
  const deliveries: DeliverySummary[] = [];
  const routedEventId = consumed.headers.eventId ?? event.envelope.eventId;
  const source = sourceSchema(eventType.record);
  const basis = basisOfEvent(ctx.policy, eventType.name, event);
  for (const recipient of decision.recipients) {
    const external = recipient.role === 'EXTERNAL_HANDOFF';
    const office = ctx.directory.offices.get(recipient.officeId);
    const recipientRole = external ? EXTERNAL_ROLE[eventType.name] : office?.role;
    if (!recipientRole)
      return deadLetter(
        new UnknownOfficeError(`recipient ${recipient.officeId} is not in directory ${ctx.directory.version}`),
      );
    if (!basis)
      return deadLetter(
        new UnknownLegalBasisError(`${eventType.name} states no legal basis the policy knows where to find`),
      );
    const entry = findEntry(ctx.policy, sender.role, recipientRole, eventType.name, basis);
    if (!entry)
      return deadLetter(
        ctx.policy.entries.some(
          (e) => e.sender === sender.role && e.recipient === recipientRole && e.eventType === eventType.name,
        )
          ? new UnknownLegalBasisError(
              `no redaction policy for ${sender.role} → ${recipientRole} ${eventType.name} under ${basis}`,
            )
          : new NoPolicyError(`no redaction policy for ${sender.role} → ${recipientRole} ${eventType.name}`),
      );
    // Projected by field paths of the source schema: the event as the JSON tree Avro decoded.
    const projection = projectEvent(source, event as unknown as Record<string, unknown>, entry);
    const topic = external ? EXTERNAL_HANDOFF_TOPIC : deliveryTopicName(recipient.officeId);
    const schema = await ctx.views.forTopic(topic, viewRecordName(eventType.record, recipientRole, entry.view));
    const deliveryId = derivedEventId(`delivered:${recipient.officeId}`, routedEventId);
    // An office that registered encryption keys gets its view only as ciphertext to them (ADR 0023); any other
    // view is sealed by the stage afterwards, for the whole slice at once (sealDeliveries).
    const keys = external ? [] : encryptionKeysFor(ctx.directory.signingKeys, recipient.officeId, new Date());
    const envelope =
      keys.length > 0
        ? await encryptedTo(ctx, topic, projection.value, ctx.contentKeys.for(recipient.officeId, keys), {
            deliveryId,
            recipientOfficeId: recipient.officeId,
          })
        : undefined;
    outputs.push({
      kind: 'event',
      event: {
        topic,
        schema,
        key: event.envelope.correlationId,
        value: projection.value,
        eventId: deliveryId,
        correlationId: event.envelope.correlationId,
        causationId: routedEventId,
        extraHeaders: {
          [DELIVERY_HEADER.senderOffice]: event.envelope.senderOfficeId,
          ...urgencyHeader(event),
          ...(keys.length > 0 ? { [DELIVERY_HEADER.encryptedTo]: keys.map((k) => k.kid).join(',') } : {}),
          [DELIVERY_HEADER.recipientOffice]: recipient.officeId,
          [DELIVERY_HEADER.recipientRole]: recipient.role,
          [DELIVERY_HEADER.provisional]: String(recipient.provisional),
          [DELIVERY_HEADER.routingRule]: recipient.rule,
          [DELIVERY_HEADER.policyVersion]: ctx.policy.version,
          [DELIVERY_HEADER.sourceEventId]: event.envelope.eventId,
          [DELIVERY_HEADER.eventType]: eventType.name,
          // Whoever forwards by hand needs the why, not only the routed topic's copy of it.
          ...(external ? { [DELIVERY_HEADER.handoffReason]: `${recipient.rule}: ${recipient.explanation}` } : {}),
        },
        envelope,
        seal: (value) => signDelivery(recipient.officeId, value, ctx.deliverySigner),
      },
    });
    const report: RedactionReport = {
      eventId: event.envelope.eventId,
      recipientOfficeId: recipient.officeId,
      policyVersion: ctx.policy.version,
      viewSubject: schema.subject,
      removedPaths: projection.removedPaths,
      withheldPaths: projection.withheldPaths,
      // The code says which basis decided (the audit keeps it), the words what that basis is.
      legalBasis: `${entry.basis}: ${entry.legalBasis}`,
    };
    outputs.push({
      kind: 'event',
      event: {
        topic: REDACTION_REPORT_TOPIC,
        schema: ctx.reportSchema,
        key: event.envelope.eventId,
        value: report,
        eventId: derivedEventId(`redaction-report:${recipient.officeId}`, routedEventId),
        correlationId: event.envelope.correlationId,
        causationId: routedEventId,
      },
    });
    deliveries.push({
      officeId: recipient.officeId,
      removedPaths: projection.removedPaths,
      withheldPaths: projection.withheldPaths,
    });
  }
  return { outputs, deliveries };
};

/** The event's urgency in clear, where its type has one (an acknowledgement has none). */
const urgencyHeader = (event: unknown): Record<string, string> => {
  const urgency = (event as { urgency?: unknown }).urgency;
  return typeof urgency === 'string' ? { [DELIVERY_HEADER.urgency]: urgency } : {};
};

/**
 * The envelope of a delivery to an office with keys: the view as the delivery API serves a clear one (JSON),
 * encrypted under the office's wrapped content key and bound to the delivery's id and recipient, as an
 * EncryptedDelivery record. The view is still encoded first (the wire validates it against its schema); the
 * bridge signs the ciphertext.
 */
const encryptedTo = async (
  ctx: RedactionContext,
  topic: string,
  view: unknown,
  key: WrappedContentKey,
  bound: Readonly<Record<string, string>>,
): Promise<(encoded: Buffer) => Buffer> => {
  const schema = await ctx.views.forTopic(topic, RECORD.EncryptedDelivery);
  return () =>
    ctx.views.encode(schema, {
      jwe: JSON.stringify(encryptToRecipients(Buffer.from(JSON.stringify(view), 'utf8'), key, bound)),
    });
};
