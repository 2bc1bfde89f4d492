import { NAMESPACE_ROOT } from '@ksb/contracts';
import { signEvent } from '@ksb/signatures';
import type { TestBroker } from '@ksb/testing-broker';
import { encodeHeaders, type RegisteredSchema } from '@ksb/wire';
import { exampleEvent, POLICE_EXAMPLE } from './example-events';

export const POLICE_TOPIC = 'ksb.ingest.police-notification';

/** Registers the police notification's schema on its ingest topic, as the producer library does first. */
export const policeSchema = (broker: TestBroker): Promise<RegisteredSchema> =>
  broker.wire.registerSchema(POLICE_TOPIC, `${NAMESPACE_ROOT}.police.ChildWelfareNotification`);

/**
 * The Mettmann police's example notification as its own producer would write it straight to the ingest topic:
 * Avro-encoded, signed with the sender's key (the router routes nothing unsigned), keyed by its case.
 */
export const signedPoliceRecord = (
  broker: TestBroker,
  schema: RegisteredSchema,
  ids: { readonly eventId: string; readonly correlationId: string },
) => {
  const signer = broker.signerFor('kpb-mettmann');
  if (!signer) throw new Error('the local stack has no signing key for kpb-mettmann');
  const event = exampleEvent<{ envelope: Record<string, unknown> }>(POLICE_EXAMPLE);
  event.envelope = { ...event.envelope, ...ids };
  const value = broker.wire.codec.encode(schema, event);
  return {
    key: ids.correlationId,
    value,
    headers: {
      ...signEvent(POLICE_TOPIC, value, signer),
      ...encodeHeaders({
        ...ids,
        producer: 'broker-test',
        schemaSubject: schema.subject,
        schemaVersion: schema.version,
      }),
    },
  };
};
