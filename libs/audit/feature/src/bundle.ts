import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { AUDIT_TRAIL_TOPIC } from '@ksb/contracts';
import { ChainVerifier, keyFingerprint, publicKeyOf, type Verdict } from '@ksb/audit-chain';
import { AvroCodec, readRange, unframe, type SchemaRegistryPort, type Wire } from '@ksb/wire';
import { auditRanges, type AuditLogProgress, type AuditLogWindow } from './audit-log';
import { pushStored, sealOf, type StoredBatch } from './stored-batch';

/** One record per line: its offset, its value as stored (base64) and the writer's seal header, if any. */
interface BundleLine {
  readonly offset: string;
  readonly value: string;
  readonly seal: string | null;
}

export interface BundleManifest {
  readonly format: 'ksb-audit-bundle/2';
  readonly createdAt: string;
  readonly topic: string;
  /** A full export starts every chain at the genesis; a window trusts each partition's first link. */
  readonly scope: 'full' | 'window';
  readonly window?: { from?: string; to?: string };
  readonly keyFingerprint: string;
  /** The Avro writer schemas the records name in their frames, by registry id: verify decodes offline. */
  readonly schemas: Readonly<Record<string, string>>;
  readonly partitions: readonly {
    partition: number;
    file: string;
    records: number;
    fromOffset: string;
    toOffset: string;
    sha256: string;
  }[];
}

export interface BundleVerdict {
  readonly ok: boolean;
  readonly keyFingerprint: string;
  readonly problems: readonly string[];
  readonly partitions: readonly { partition: number; verdict: Verdict }[];
}

const MANIFEST = 'manifest.json';
const PUBLIC_KEY = 'public-key.pem';

const sha256File = async (file: string): Promise<string> => {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
};

/** A registry that knows only the schemas a bundle carries: offline, the records decode as they did online. */
const bundledSchemas = (schemas: Readonly<Record<string, string>>): SchemaRegistryPort => ({
  register: () => Promise.reject(new Error('a bundle registers no schemas')),
  isCompatible: () => Promise.reject(new Error('a bundle checks no compatibility')),
  schemaById: async (id) => {
    const schema = schemas[String(id)];
    if (schema === undefined) throw new Error(`the bundle carries no schema with id ${id}`);
    return schema;
  },
  answers: async () => undefined,
});

/**
 * Writes a self-contained bundle: one JSONL file per partition in chain order holding each record's stored
 * bytes and seal, the writer schemas, the public key and a manifest with each file's SHA-256. Everything
 * `verify --bundle` needs, offline, without Kafka: the same bytes are hashed as in the log (docs/adr/0010).
 */
export const exportBundle = async (
  wire: Wire,
  dir: string,
  publicKey: KeyObject,
  options: { window?: AuditLogWindow; onProgress?: (p: AuditLogProgress) => void } = {},
): Promise<BundleManifest> => {
  mkdirSync(dir, { recursive: true });
  const ranges = await auditRanges(wire, options.window);
  const files = new Map(
    ranges.map((r) => [
      r.partition,
      {
        name: `partition-${r.partition}.jsonl`,
        records: 0,
        stream: createWriteStream(join(dir, `partition-${r.partition}.jsonl`)),
      },
    ]),
  );
  const schemas: Record<string, string> = {};
  const total = ranges.reduce((n, r) => n + Math.max(0, Number(r.to) - Number(r.from)), 0);
  let read = 0;
  await readRange(wire, wire.topic(AUDIT_TRAIL_TOPIC), ranges, {
    onMessages: async (partition, messages) => {
      const file = files.get(partition);
      if (!file) return;
      const lines: BundleLine[] = [];
      for (const m of messages) {
        const value = m.value ?? Buffer.alloc(0);
        const { schemaId } = unframe(value);
        schemas[String(schemaId)] ??= await wire.registry.schemaById(schemaId);
        lines.push({ offset: m.offset, value: value.toString('base64'), seal: sealOf(m) });
      }
      file.records += lines.length;
      read += lines.length;
      options.onProgress?.({ read, total });
      if (!file.stream.write(lines.map((l) => `${JSON.stringify(l)}\n`).join('')))
        await new Promise<void>((resolve) => file.stream.once('drain', () => resolve()));
    },
  });
  await Promise.all([...files.values()].map((f) => new Promise<void>((resolve) => f.stream.end(() => resolve()))));
  writeFileSync(join(dir, PUBLIC_KEY), publicKeyOf(publicKey).export({ type: 'spki', format: 'pem' }));
  const manifest: BundleManifest = {
    format: 'ksb-audit-bundle/2',
    createdAt: new Date().toISOString(),
    topic: wire.topic(AUDIT_TRAIL_TOPIC),
    scope: options.window?.from ? 'window' : 'full',
    window:
      options.window?.from || options.window?.to
        ? { from: options.window.from?.toISOString(), to: options.window.to?.toISOString() }
        : undefined,
    keyFingerprint: keyFingerprint(publicKey),
    schemas,
    partitions: await Promise.all(
      [...files].map(async ([partition, file]) => {
        const r = ranges.find((range) => range.partition === partition) ?? { from: '0', to: '0' };
        return {
          partition,
          file: file.name,
          records: file.records,
          fromOffset: r.from,
          toOffset: r.to,
          sha256: await sha256File(join(dir, file.name)),
        };
      }),
    ),
  };
  writeFileSync(join(dir, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
};

/**
 * Checks a bundle offline: file digests against the manifest, then every chain and checkpoint. With
 * `trustedKey` the bundle's own key must be that one; without, the report names the key it used so the
 * auditor can compare the fingerprint with the one on record.
 */
export const verifyBundle = async (dir: string, trustedKey?: KeyObject): Promise<BundleVerdict> => {
  const manifest = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as BundleManifest;
  if (manifest.format !== 'ksb-audit-bundle/2')
    throw new Error(`${dir} is a ${manifest.format} bundle; this verifier reads ksb-audit-bundle/2 (stored bytes)`);
  const codec = new AvroCodec(bundledSchemas(manifest.schemas));
  const bundled = createPublicKey(readFileSync(join(dir, PUBLIC_KEY)));
  const problems: string[] = [];
  if (trustedKey && keyFingerprint(trustedKey) !== keyFingerprint(bundled))
    problems.push(`the bundle's key ${keyFingerprint(bundled)} is not the trusted key ${keyFingerprint(trustedKey)}`);
  const key = trustedKey ?? bundled;
  const partitions: { partition: number; verdict: Verdict }[] = [];
  for (const entry of manifest.partitions) {
    const path = join(dir, entry.file);
    const digest = await sha256File(path);
    if (digest !== entry.sha256)
      problems.push(`${entry.file} differs from the manifest (sha256 ${digest.slice(0, 12)}…)`);
    const verifier = new ChainVerifier(entry.partition, key, {
      from: manifest.scope === 'window' ? 'first-record' : undefined,
      toLogEnd: !manifest.window?.to,
    });
    let lines = 0;
    let batch: StoredBatch = { values: [], seals: [] };
    for await (const text of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
      if (!text) continue;
      lines++;
      const line = JSON.parse(text) as BundleLine;
      batch.values.push(Buffer.from(line.value, 'base64'));
      batch.seals.push(line.seal);
      if (batch.values.length >= 1000) {
        await pushStored(codec, verifier, batch);
        batch = { values: [], seals: [] };
      }
    }
    await pushStored(codec, verifier, batch);
    if (lines !== entry.records)
      problems.push(`${entry.file} holds ${lines} records, the manifest says ${entry.records}`);
    const verdict = verifier.finish();
    if (!verdict.ok)
      problems.push(`partition ${entry.partition}: ${verdict.kind} at sequence ${verdict.sequence}: ${verdict.detail}`);
    partitions.push({ partition: entry.partition, verdict });
  }
  return { ok: problems.length === 0, keyFingerprint: keyFingerprint(key), problems, partitions };
};
