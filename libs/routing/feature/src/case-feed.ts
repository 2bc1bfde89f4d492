import type { RoutedRecord } from '@ksb/contracts';
import { randomUUID } from 'node:crypto';
import type { CaseRegister, RoutedFact } from '@ksb/routing-rules';
import { isRetriable } from '@ksb/errors';
import { partitionBounds, readRange, type SupervisedConsumer, type Wire, type ConsumedRecord } from '@ksb/wire';
import { ROUTES } from './routed-topics';

/** The fact a routed record stands for: the agency's event, its case, its sender and recipients. */
export const routedFactOf = (value: {
  readonly decision: { readonly recipients: readonly { readonly officeId: string }[] };
  readonly event: RoutedRecord['event'];
}): RoutedFact => ({
  eventId: value.event.envelope.eventId,
  correlationId: value.event.envelope.correlationId,
  senderOfficeId: value.event.envelope.senderOfficeId,
  recipientOfficeIds: value.decision.recipients.map((r) => r.officeId),
});

const routedTopics = (wire: Wire) => ROUTES.map((r) => wire.topic(r.routedTopic));

const recordFrom = async (wire: Wire, register: CaseRegister, message: ConsumedRecord): Promise<void> => {
  try {
    register.record(routedFactOf((await wire.codec.decode<RoutedRecord>(message.value)).value));
  } catch (error) {
    // Only the router writes these topics; a record it cannot read is no case, and the redactor dead-letters it.
    if (isRetriable(error)) throw error;
  }
};

/**
 * Reads every routed topic to its end before the router takes input, so that an acknowledgement or a
 * continuation is checked against every case routed before, by any instance.
 */
export const loadCases = async (wire: Wire, register: CaseRegister): Promise<void> => {
  await Promise.all(
    routedTopics(wire).map(async (topic) =>
      readRange(wire, topic, await partitionBounds(wire, topic), {
        onMessages: async (_, messages) => {
          for (const m of messages) await recordFrom(wire, register, m);
        },
      }),
    ),
  );
};

/**
 * Then follows them: another router instance's decisions reach this one's register within a fetch (its own
 * are recorded as it routes). Every instance reads everything, so its group is its own and commits nothing.
 */
export class CaseFollower {
  private consumer?: SupervisedConsumer;

  constructor(
    private readonly wire: Wire,
    private readonly register: CaseRegister,
  ) {}

  async start(service: string): Promise<void> {
    this.consumer = await this.wire.supervisedConsumer({
      name: 'case-follower',
      config: { groupId: `ksb-${service}-cases-${randomUUID()}`, readUncommitted: false, maxWaitTimeInMs: 100 },
      topics: routedTopics(this.wire),
      fromBeginning: true,
      run: () => ({
        autoCommit: false,
        eachMessage: ({ message }) => recordFrom(this.wire, this.register, message),
      }),
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.stop();
  }
}
