// Worker-thread entry: decodes and verifies one audit partition's chain off the main thread, which only
// fetches from Kafka. Loaded by verify-log.ts through the TypeScript hook the main process was started with.
import { createPublicKey } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { ChainVerifier, type VerifyOptions } from '@ksb/audit-chain';
import { AvroCodec, ConfluentRegistryAdapter, type RegistryCredentials } from '@ksb/wire';
import { pushStored } from './stored-batch';

export interface VerifyWorkerData {
  readonly partition: number;
  readonly publicKeyPem: string;
  readonly registryUrl: string;
  readonly registryCredentials?: RegistryCredentials;
  readonly options: VerifyOptions;
}

/** A batch travels as one transferred buffer plus lengths: cloning kafkajs's per-message views would copy whole fetches. */
export type VerifyWorkerRequest =
  { kind: 'batch'; bytes: Uint8Array; lengths: number[]; seals: (string | null)[] } | { kind: 'finish' };

const data = workerData as VerifyWorkerData;
const codec = new AvroCodec(new ConfluentRegistryAdapter(data.registryUrl, data.registryCredentials));
const verifier = new ChainVerifier(data.partition, createPublicKey(data.publicKeyPem), data.options);
let queue = Promise.resolve();

parentPort?.on('message', (request: VerifyWorkerRequest) => {
  queue = queue
    .then(async () => {
      if (request.kind === 'finish') {
        parentPort?.postMessage({ kind: 'verdict', verdict: verifier.finish() });
        return;
      }
      const values: Buffer[] = [];
      let at = 0;
      for (const length of request.lengths) {
        values.push(Buffer.from(request.bytes.buffer, request.bytes.byteOffset + at, length));
        at += length;
      }
      const count = await pushStored(codec, verifier, { values, seals: request.seals });
      parentPort?.postMessage({ kind: 'done', count });
    })
    .catch((error: Error) => parentPort?.postMessage({ kind: 'error', message: error.message }));
});
