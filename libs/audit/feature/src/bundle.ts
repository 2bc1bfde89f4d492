import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { AUDIT_TRAIL_TOPIC, type AuditRecord } from '@ksb/contracts';
import { ChainVerifier, keyFingerprint, publicKeyOf, type Verdict } from '@ksb/audit-chain';
import type { Wire } from '@ksb/wire';
import { auditRanges, readAuditLog, type AuditLogProgress, type AuditLogWindow } from './audit-log';

export interface BundleManifest {
  readonly format: 'ksb-audit-bundle/1';
  readonly createdAt: string;
  readonly topic: string;
  /** A full export starts every chain at the genesis; a window trusts each partition's first link. */
  readonly scope: 'full' | 'window';
  readonly window?: { from?: string; to?: string };
  readonly keyFingerprint: string;
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

/**
 * Writes a self-contained bundle: one JSONL file per partition in chain order, the public key and a
 * manifest with each file's SHA-256. Everything `verify --bundle` needs, offline, without Kafka.
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
  await readAuditLog(
    wire,
    ranges,
    async (partition, records) => {
      const file = files.get(partition);
      if (!file) return;
      file.records += records.length;
      if (!file.stream.write(records.map((r) => `${JSON.stringify(r)}\n`).join('')))
        await new Promise<void>((resolve) => file.stream.once('drain', () => resolve()));
    },
    options.onProgress,
  );
  await Promise.all([...files.values()].map((f) => new Promise<void>((resolve) => f.stream.end(() => resolve()))));
  writeFileSync(join(dir, PUBLIC_KEY), publicKeyOf(publicKey).export({ type: 'spki', format: 'pem' }));
  const manifest: BundleManifest = {
    format: 'ksb-audit-bundle/1',
    createdAt: new Date().toISOString(),
    topic: wire.topic(AUDIT_TRAIL_TOPIC),
    scope: options.window?.from ? 'window' : 'full',
    window:
      options.window?.from || options.window?.to
        ? { from: options.window.from?.toISOString(), to: options.window.to?.toISOString() }
        : undefined,
    keyFingerprint: keyFingerprint(publicKey),
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
    });
    let lines = 0;
    for await (const line of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
      if (!line) continue;
      lines++;
      verifier.push(JSON.parse(line) as AuditRecord);
    }
    if (lines !== entry.records)
      problems.push(`${entry.file} holds ${lines} records, the manifest says ${entry.records}`);
    const verdict = verifier.finish();
    if (!verdict.ok)
      problems.push(`partition ${entry.partition}: ${verdict.kind} at sequence ${verdict.sequence}: ${verdict.detail}`);
    partitions.push({ partition: entry.partition, verdict });
  }
  return { ok: problems.length === 0, keyFingerprint: keyFingerprint(key), problems, partitions };
};
