// One measured run of one system at one offered rate: a probe to see the path live, a warm-up (reported,
// not counted), the measured phase, a drain. A stage that ends fails the run; nothing waits forever.
import { randomUUID } from 'node:crypto';
import { headerText, type ConsumedRecord, type RawHeaders } from '@ksb/wire';
import { uniqueGroupId, type TestBroker } from '@ksb/testing-broker';
import { failWhenAnyEnds, type Stage } from '../peers/peers';
import { cpuSince, cpuSnapshot } from './process-cpu';

/** A system under measurement: where events go in and come out, and the processes that carry them. */
export interface System {
  readonly name: string;
  readonly broker: TestBroker;
  /** Physical topics. */
  readonly input: string;
  readonly output: string;
  readonly stages: readonly Stage[];
  /** One event to offer, carrying `id` where `idOf` finds it on the output. */
  event(id: string): { key: string; value: Buffer; headers: Record<string, string> };
  idOf(record: ConsumedRecord): string | undefined;
}

export interface RunOptions {
  readonly rate: number;
  readonly warmupSeconds: number;
  readonly seconds: number;
  /** After offering ends: how long stragglers still count for latency (never for throughput). */
  readonly drainSeconds: number;
  /** Processes outside the system whose CPU is reported too (the broker). */
  readonly observed?: readonly { name: string; pid: number }[];
}

export interface RunResult {
  readonly system: string;
  readonly rate: number;
  /** Which round of a run with KSB_BENCH_ROUNDS > 1 (systems in alternating order); absent with one. */
  readonly round?: number;
  readonly warmup: { readonly offered: number; readonly delivered: number; readonly p99?: number };
  readonly offered: number;
  /** Measured events delivered before offering ended: the throughput's numerator. */
  readonly deliveredInRun: number;
  readonly perSecond: number;
  /** Measured events not delivered by the end of the drain. */
  readonly undelivered: number;
  readonly p50?: number;
  readonly p95?: number;
  readonly p99?: number;
  /** Least-squares slope of (offered − delivered) over the measured phase, events per second. */
  readonly backlogSlope: number;
  readonly flat: boolean;
  /**
   * CPU milliseconds per event delivered in the measured phase (warm-up stragglers included: the CPU of
   * that time was spent on them too), per process (stages, observed, bench).
   */
  readonly cpuMsPerEvent: ReadonlyMap<string, number>;
}

const percentile = (sorted: readonly number[], p: number): number | undefined =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : undefined;

const slope = (points: readonly [number, number][]): number => {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / sxx;
};

const TICK_MS = 20;
const SEND_CHUNK = 500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Backlog rising by less than this share of the offered rate per second counts as flat. */
export const FLAT_SLOPE_SHARE = 0.02;

export const measure = async (system: System, options: RunOptions): Promise<RunResult> => {
  const { broker } = system;
  const producer = await broker.wire.producer();
  const consumer = await broker.wire.consumer({
    groupId: uniqueGroupId('bench-receive'),
    readUncommitted: false,
    maxWaitTimeInMs: 100,
  });
  const sentAt = new Map<string, { at: number; phase: 'probe' | 'warmup' | 'measured' }>();
  const latencies = { warmup: [] as number[], measured: [] as number[] };
  let measuredDelivered = 0;
  /** Measured events delivered while the load was offered: the throughput. */
  let deliveredInWindow = 0;
  /** Any event delivered in that time (warm-up stragglers too): what the CPU of the window was spent on. */
  let processedInWindow = 0;
  let window: { from: number; to: number } | undefined;
  let probeArrived: () => void = () => undefined;
  const probe = new Promise<void>((resolve) => (probeArrived = resolve));
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.subscribe({ topics: [system.output], fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      const now = Date.now();
      for (const record of batch.messages) {
        const id = system.idOf(record);
        const sent = id === undefined ? undefined : sentAt.get(id);
        if (!id || !sent) continue;
        sentAt.delete(id);
        if (window && now >= window.from && now < window.to) {
          processedInWindow++;
          if (sent.phase === 'measured') deliveredInWindow++;
        }
        if (sent.phase === 'probe') probeArrived();
        else latencies[sent.phase].push(now - sent.at);
        if (sent.phase === 'measured') measuredDelivered++;
      }
    },
  });
  const send = async (count: number, phase: 'probe' | 'warmup' | 'measured') => {
    const now = Date.now();
    for (let from = 0; from < count; from += SEND_CHUNK) {
      const messages = Array.from({ length: Math.min(SEND_CHUNK, count - from) }, () => {
        const id = randomUUID();
        sentAt.set(id, { at: now, phase });
        return system.event(id);
      });
      await producer.send({ topic: system.input, acks: -1, messages });
    }
  };
  const guarded = failWhenAnyEnds(system.stages);
  const within = <T>(work: Promise<T>, ms: number, what: string) =>
    guarded(
      Promise.race([work, sleep(ms).then(() => Promise.reject(new Error(`${system.name}: ${what} within ${ms} ms`)))]),
    );

  try {
    await within(joined, 30_000, 'the receiving consumer did not join');
    await send(1, 'probe');
    await within(probe, 90_000, 'no probe arrived');
    const offer = async (phase: 'warmup' | 'measured', seconds: number, onTick?: (elapsed: number) => void) => {
      const started = Date.now();
      const total = Math.round(options.rate * seconds);
      let sent = 0;
      while (sent < total) {
        const elapsed = Date.now() - started;
        const due = Math.min(total, Math.floor((elapsed / 1000) * options.rate) + 1);
        if (due > sent) {
          await guarded(send(due - sent, phase));
          sent = due;
        }
        onTick?.(elapsed);
        await guarded(sleep(TICK_MS - ((Date.now() - started) % TICK_MS)));
      }
      return sent;
    };
    const warmupOffered = await offer('warmup', options.warmupSeconds);
    const processes = [
      ...system.stages.map((s) => ({ name: s.name, pid: s.pid })),
      ...(options.observed ?? []),
      { name: 'bench (load and receipt)', pid: process.pid },
    ];
    const cpuAtStart = cpuSnapshot(processes);
    const backlog: [number, number][] = [];
    let lastSample = -1;
    const start = Date.now();
    window = { from: start, to: Number.POSITIVE_INFINITY };
    const offered = await offer('measured', options.seconds, (elapsed) => {
      const second = Math.floor(elapsed / 1000);
      if (second > lastSample) {
        lastSample = second;
        const sent = Math.min(Math.round((elapsed / 1000) * options.rate), Math.round(options.rate * options.seconds));
        backlog.push([elapsed / 1000, sent - measuredDelivered]);
      }
    });
    window.to = Date.now();
    const cpu = cpuSince(cpuAtStart);
    const inRun = deliveredInWindow;
    const processed = processedInWindow;
    const drainUntil = Date.now() + options.drainSeconds * 1000;
    while (measuredDelivered < offered && Date.now() < drainUntil) await guarded(sleep(100));
    const sorted = [...latencies.measured].sort((a, b) => a - b);
    const warm = [...latencies.warmup].sort((a, b) => a - b);
    const seconds = (window.to - window.from) / 1000;
    const rise = slope(backlog);
    return {
      system: system.name,
      rate: options.rate,
      warmup: { offered: warmupOffered, delivered: warm.length, p99: percentile(warm, 99) },
      offered,
      deliveredInRun: inRun,
      perSecond: inRun / seconds,
      undelivered: offered - measuredDelivered,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      backlogSlope: rise,
      flat: rise <= FLAT_SLOPE_SHARE * options.rate && measuredDelivered === offered,
      cpuMsPerEvent: new Map([...cpu].map(([name, ms]) => [name, processed ? ms / processed : Number.NaN])),
    };
  } finally {
    await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
  }
};

/** The id a record carries in a header (raw passthrough and Kafka Streams keep headers as they are). */
export const headerId =
  (name: string) =>
  (record: ConsumedRecord): string | undefined =>
    headerText(record.headers as RawHeaders, name);
