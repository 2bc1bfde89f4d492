import { deliveryTopicName, EXTERNAL_HANDOFF_TOPIC } from '@ksb/contracts';
import type { ProcessorOutput, SliceOutputs } from '@ksb/wire';

const DELIVERY_PREFIX = deliveryTopicName('');
const isDeliveryTopic = (topic: string) => topic.startsWith(DELIVERY_PREFIX) || topic === EXTERNAL_HANDOFF_TOPIC;

/**
 * Seals every delivery no office key encrypted (an office without an encryption key, the external handoff)
 * under a key of its case made for that delivery alone (ADR 0023): erased with the case, retired by the
 * delivery API once the office accepted it and its period ran out. Done for the whole slice at once, after
 * redaction: the key store writes the keys asked for together in one write and one sync, where one delivery
 * after another cost a sync each (a fifth of the throughput at 1,000 events/s).
 */
export const sealDeliveries = async (
  outputs: SliceOutputs,
  newSealerFor: (caseId: string) => Promise<(encoded: Buffer) => Buffer>,
): Promise<SliceOutputs> =>
  Promise.all(
    outputs.map((perEvent) =>
      Promise.all(
        perEvent.map(async (output): Promise<ProcessorOutput> => {
          if (output.kind !== 'event' || output.event.envelope || !isDeliveryTopic(output.event.topic)) return output;
          const seal = await newSealerFor(output.event.correlationId);
          return { kind: 'event', event: { ...output.event, envelope: seal } };
        }),
      ),
    ),
  );
