// The measuring parts of the pipeline benchmarks: offer events at a rate, time each one to its delivery.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { eventType, SCHEMA_DIR } from '@ksb/contracts';
import { signEvent } from '@ksb/signatures';
import { startStreamServices, TestBroker, uniqueGroupId } from '@ksb/testing-broker';
import { decodeMessage, encodeHeaders, type RegisteredSchema } from '@ksb/wire';

export const RATE = Number(process.env.KSB_BENCH_RATE ?? 1000);
export const SECONDS = Number(process.env.KSB_BENCH_SECONDS ?? 10);
const TOTAL = RATE * SECONDS;
const TICK_MS = 20;
export const POLICE = eventType('police-notification').record;
export const example = JSON.parse(
  readFileSync(join(SCHEMA_DIR, 'examples', 'police-notification.hilden.json'), 'utf8'),
);

export interface Result {
  name: string;
  delivered: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const summarise = (name: string, latencies: number[], firstSent: number, lastReceived: number): Result => {
  const sorted = [...latencies].sort((a, b) => a - b);
  const seconds = (lastReceived - firstSent) / 1000;
  return {
    name,
    delivered: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
};

/** Offers TOTAL events at RATE per second, in small batches every TICK_MS, each stamped with its send time. */
const offer = async (send: (batch: number, now: number) => Promise<void>) => {
  const perTick = Math.max(1, Math.round((RATE * TICK_MS) / 1000));
  const started = Date.now();
  let sent = 0;
  while (sent < TOTAL) {
    const due = Math.min(TOTAL, Math.floor(((Date.now() - started) / TICK_MS + 1) * perTick));
    if (due > sent) {
      await send(due - sent, Date.now());
      sent = due;
    }
    await new Promise((r) => setTimeout(r, Math.max(0, started + (sent / perTick) * TICK_MS - Date.now())));
  }
  return started;
};

/** Collects TOTAL deliveries from a topic, with the latency each one carried. */
const receive = async (
  broker: TestBroker,
  topic: string,
  sentAt: (m: { value: Buffer | null; headers?: Record<string, unknown> }) => Promise<number>,
) => {
  const latencies: number[] = [];
  const brokerLatencies: number[] = [];
  let last = 0;
  const consumer = await broker.wire.consumer({
    groupId: uniqueGroupId('bench-receive'),
    readUncommitted: false,
    maxWaitTimeInMs: 100,
  });
  await consumer.subscribe({ topics: [broker.topic(topic)], fromBeginning: true });
  const done = new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        const now = Date.now();
        const sent = await sentAt(message as never);
        if (Number.isNaN(sent)) return; // the warm-up event
        latencies.push(now - sent);
        brokerLatencies.push(Number((message as { timestamp: string }).timestamp) - sent);
        last = now;
        if (latencies.length >= TOTAL) resolve();
      },
    });
  });
  await new Promise((r) => setTimeout(r, 1500)); // group joined before the first event is offered
  return { latencies, brokerLatencies, lastReceived: () => last, done, stop: () => consumer.disconnect() };
};

export const pipeline = async (broker: TestBroker, schema: RegisteredSchema): Promise<Result> => {
  const services = await startStreamServices(broker, 'router', 'redactor');
  // Signed as the agency's producer does (one Ed25519 signature per event): the router routes nothing unsigned.
  const producer = await broker.wire.producer();
  const signer = broker.signerFor(example.envelope.senderOfficeId);
  if (!signer) throw new Error(`the local stack has no signing key for ${example.envelope.senderOfficeId}`);
  const message = (now: number, correlationId?: string) => {
    const eventId = randomUUID();
    const value = {
      ...example,
      envelope: {
        ...example.envelope,
        eventId,
        correlationId: correlationId ?? eventId,
        recordedAt: new Date(now).toISOString(),
      },
    };
    const headers = encodeHeaders({
      eventId,
      correlationId: correlationId ?? eventId,
      producer: 'bench',
      schemaSubject: schema.subject,
      schemaVersion: schema.version,
    });
    const bytes = broker.wire.codec.encode(schema, value);
    return {
      key: eventId,
      value: bytes,
      headers: { ...headers, ...signEvent('ksb.ingest.police-notification', bytes, signer) },
    };
  };
  // Warm-up: services report ready before their consumer groups have joined; measure only after one
  // event has made the whole trip.
  await producer.send({
    topic: broker.topic('ksb.ingest.police-notification'),
    acks: -1,
    messages: [message(Date.now(), 'warm-up')],
  });
  await broker.collectRaw('ksb.delivery.ja-stadt-hilden', 1, 60_000);
  const out = await receive(broker, 'ksb.delivery.ja-stadt-hilden', async (m) => {
    const decoded = await decodeMessage<{ envelope: { recordedAt: string; correlationId: string } }>(
      broker.wire.codec,
      { topic: '', partition: 0, offset: '0', timestamp: '0', key: null, value: m.value },
    );
    if (decoded.kind !== 'decoded' || decoded.value.envelope.correlationId === 'warm-up') return Number.NaN;
    return Date.parse(decoded.value.envelope.recordedAt);
  });
  const started = await offer(async (n, now) => {
    await producer.send({
      topic: broker.topic('ksb.ingest.police-notification'),
      acks: -1,
      messages: Array.from({ length: n }, () => message(now)),
    });
  });
  await out.done;
  await out.stop();
  const b = [...out.brokerLatencies].sort((x, y) => x - y);
  process.stderr.write(
    `written to the delivery topic after p50 ${percentile(b, 50)} ms, p99 ${percentile(b, 99)} ms\n`,
  );
  await Promise.all(services.map((s) => s.stop()));
  return summarise(
    'pipeline: ingest → router → redactor → delivery (decode, rules, policy, transactions)',
    out.latencies,
    started,
    out.lastReceived(),
  );
};
