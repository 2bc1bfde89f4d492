import type { CaseSeal } from '@ksb/case-keys';
import type { ProcessorOutput, SliceOutputs } from '@ksb/wire';
import { ROUTES } from './routed-topics';

const ROUTED_TOPICS = new Set(ROUTES.map((r) => r.routedTopic));

/**
 * Seals every routed record under its case's key (ADR 0023): the event in it is the agency's whole input, and
 * once the case is erased (its key destroyed) the record on the topic is ciphertext without a key. The
 * decision is inside too; the audit writer and the redactor hold the key store and open it. Keys are fetched
 * here, before the transaction, because the wire's envelope hook that seals the encoded bytes is synchronous.
 */
export const sealRouted = async (outputs: SliceOutputs, caseSeal: CaseSeal): Promise<SliceOutputs> =>
  Promise.all(
    outputs.map((perEvent) =>
      Promise.all(
        perEvent.map(async (output): Promise<ProcessorOutput> => {
          if (output.kind !== 'event' || !ROUTED_TOPICS.has(output.event.topic)) return output;
          const seal = await caseSeal.sealerFor(output.event.correlationId);
          return { kind: 'event', event: { ...output.event, envelope: seal } };
        }),
      ),
    ),
  );
