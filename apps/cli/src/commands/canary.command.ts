import type { CanaryProbe } from '@ksb/contracts';
import { randomUUID } from 'node:crypto';
import { decodeMessage, type DecodedEvent, type Wire } from '@ksb/wire';
import { cliWire, type CliConfig } from '../cli.config';

const CANARY = 'de.kinderschutz.bridge.ops.CanaryProbe';

/** `ksb canary`: sends one probe into ingest and waits for it after the router; prints the round trip. */
export const canary = async (config: CliConfig, print: (line: string) => void, timeoutMs = 30_000): Promise<number> => {
  const wire = cliWire(config);
  try {
    const sentAt = Date.now();
    const probe: CanaryProbe = {
      probeId: randomUUID(),
      route: 'canary',
      sentAt: new Date(sentAt).toISOString(),
      hops: [],
    };
    const consumer = await wire.consumer({ groupId: `ksb-cli-canary-${probe.probeId}` });
    await consumer.subscribe({ topics: [wire.topic('ksb.routed.canary')], fromBeginning: false });
    const arrived = new Promise<DecodedEvent<CanaryProbe>>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`probe ${probe.probeId} did not arrive within ${timeoutMs} ms`)),
        timeoutMs,
      );
      void consumer.run({
        eachMessage: async ({ topic, partition, message }) => {
          const event = await decodeMessage<CanaryProbe>(wire.codec, { topic, partition, ...message });
          if (event.kind === 'decoded' && event.value.probeId === probe.probeId) {
            clearTimeout(timer);
            resolve(event);
          }
        },
      });
    });
    await waitForAssignment(consumer);
    const schema = await wire.registerSchema('ksb.ingest.canary', CANARY);
    const publisher = await wire.publisher();
    await publisher.publish({
      topic: 'ksb.ingest.canary',
      schema,
      key: probe.probeId,
      value: probe,
      eventId: probe.probeId,
      correlationId: probe.probeId,
    });
    const event = await arrived;
    const hops = event.value.hops.map((h) => `${h.service} +${Date.parse(h.at) - sentAt} ms`).join(', ');
    print(`canary ${probe.probeId} arrived after ${Date.now() - sentAt} ms (${hops})`);
    return 0;
  } finally {
    await wire.close();
  }
};

/** Subscribing with fromBeginning=false would miss a probe sent before the group has its partitions. */
const waitForAssignment = (consumer: Awaited<ReturnType<Wire['consumer']>>) =>
  new Promise<void>((resolve) => {
    const off = consumer.on(consumer.events.GROUP_JOIN, () => {
      off();
      resolve();
    });
  });
