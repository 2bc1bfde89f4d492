import type { KeyObject } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AUDIT_TRAIL_TOPIC } from '@ksb/contracts';
import { ChainVerifier, publicKeyOf, type Checkpoint, type Verdict, type VerifyOptions } from '@ksb/audit-chain';
import { readRange, registryCredentials, type PartitionRange, type Wire } from '@ksb/wire';
import { auditRanges, type AuditLogProgress, type AuditLogWindow } from './audit-log';
import type { VerifyWorkerData, VerifyWorkerRequest } from './verify-worker';
import { pushStored, storedBatch, type StoredBatch } from './stored-batch';

export interface LogVerdict {
  readonly partition: number;
  readonly fromOffset: string;
  readonly toOffset: string;
  readonly verdict: Verdict;
}

export interface VerifyLogOptions {
  readonly window?: AuditLogWindow;
  readonly external?: readonly Checkpoint[];
  readonly onProgress?: (p: AuditLogProgress) => void;
  /**
   * Decode and verify each partition in a worker thread while the main thread only fetches. 'auto' (the
   * default) does so from PARALLEL_FROM records on and with more than two cores: starting the workers costs
   * about a second, and since the chain hashes stored bytes the per-record work is small enough that on two
   * cores (shared with a broker) handing batches to workers costs more than it saves
   * (docs/benchmarks/audit-verify.md).
   */
  readonly parallel?: boolean | 'auto';
}

/** Verifying one partition: in this thread, or in a worker. */
interface PartitionCheck {
  push(batch: StoredBatch): Promise<void>;
  finish(): Promise<Verdict>;
}

const inThread = (wire: Wire, partition: number, key: KeyObject, options: VerifyOptions): PartitionCheck => {
  const verifier = new ChainVerifier(partition, key, options);
  return {
    push: async (batch) => {
      await pushStored(wire.codec, verifier, batch);
    },
    finish: async () => verifier.finish(),
  };
};

const PARALLEL_FROM = 200_000;

/** At most this many batches in flight per worker, so a slow worker holds back the fetch, not the heap. */
const IN_FLIGHT = 4;

const inWorker = (wire: Wire, partition: number, key: KeyObject, options: VerifyOptions): PartitionCheck => {
  const workerData: VerifyWorkerData = {
    partition,
    publicKeyPem: publicKeyOf(key).export({ type: 'spki', format: 'pem' }).toString(),
    registryUrl: wire.options.registryUrl,
    registryCredentials: registryCredentials(wire.options.security),
    options,
  };
  // Evaluated, so the worker loads the TypeScript entry through the hook this process was started with.
  const worker = new Worker(`require(${JSON.stringify(join(__dirname, 'verify-worker.ts'))})`, {
    eval: true,
    workerData,
    // One short-lived record object after another: a larger young generation keeps the collector out of the way.
    resourceLimits: { maxYoungGenerationSizeMb: 128 },
  });
  const waiting: { resolve: (v: unknown) => void; reject: (e: Error) => void }[] = [];
  let inFlight = 0;
  let slot: (() => void) | undefined;
  worker.on('message', (m: { kind: string; verdict?: Verdict; message?: string }) => {
    if (m.kind === 'done') {
      inFlight--;
      slot?.();
      slot = undefined;
    } else if (m.kind === 'verdict') waiting.shift()?.resolve(m.verdict);
    else waiting.shift()?.reject(new Error(`verify worker for partition ${partition}: ${m.message}`));
  });
  worker.on('error', (error) => waiting.shift()?.reject(error));
  const send = (request: VerifyWorkerRequest) => worker.postMessage(request);
  return {
    push: async ({ values, seals }) => {
      while (inFlight >= IN_FLIGHT) await new Promise<void>((resolve) => (slot = resolve));
      inFlight++;
      const bytes = new Uint8Array(values.reduce((n, v) => n + v.length, 0));
      let at = 0;
      for (const v of values) {
        bytes.set(v, at);
        at += v.length;
      }
      worker.postMessage(
        { kind: 'batch', bytes, lengths: values.map((v) => v.length), seals } satisfies VerifyWorkerRequest,
        [bytes.buffer],
      );
    },
    finish: async () => {
      const verdict = new Promise((resolve, reject) => waiting.push({ resolve, reject }));
      send({ kind: 'finish' });
      try {
        return (await verdict) as Verdict;
      } finally {
        await worker.terminate();
      }
    },
  };
};

/**
 * Verifies every partition of the audit trail (or a time window of it) against the audit public key. A
 * window that starts after the beginning trusts its first record's link and says so in the result.
 */
export const verifyAuditLog = async (
  wire: Wire,
  publicKey: KeyObject,
  options: VerifyLogOptions = {},
): Promise<LogVerdict[]> => {
  const ranges: PartitionRange[] = await auditRanges(wire, options.window);
  const total = ranges.reduce((n, r) => n + Math.max(0, Number(r.to) - Number(r.from)), 0);
  const parallel =
    (options.parallel ?? 'auto') === 'auto' ? total >= PARALLEL_FROM && availableParallelism() > 2 : options.parallel;
  // Workers build their own registry client from the URL; a wire with an injected registry stays in-thread.
  const check = parallel && !wire.options.registry ? inWorker : inThread;
  const checks = new Map(
    ranges.map((r) => [
      r.partition,
      check(wire, r.partition, publicKey, {
        from: options.window?.from ? 'first-record' : undefined,
        // A window that ends before the log may cut a transaction off from its seal.
        toLogEnd: !options.window?.to,
        external: options.external?.filter((c) => c.partition === r.partition),
      }),
    ]),
  );
  let read = 0;
  await readRange(wire, wire.topic(AUDIT_TRAIL_TOPIC), ranges, {
    onMessages: async (partition, messages) => {
      await checks.get(partition)?.push(storedBatch(messages));
      read += messages.length;
      options.onProgress?.({ read, total });
    },
  });
  const verdicts: LogVerdict[] = [];
  for (const [partition, check] of checks) {
    const r = ranges.find((range) => range.partition === partition) ?? { from: '0', to: '0' };
    verdicts.push({ partition, fromOffset: r.from, toOffset: r.to, verdict: await check.finish() });
  }
  return verdicts;
};
