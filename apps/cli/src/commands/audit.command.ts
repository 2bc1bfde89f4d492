import { createPublicKey, type KeyObject } from 'node:crypto';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import type { AuditRecord } from '@ksb/contracts';
import { keyFingerprint } from '@ksb/audit-chain';
import {
  collectAudit,
  exportBundle,
  readDeliveredEvents,
  replayAudit,
  verifyAuditLog,
  verifyBundle,
} from '@ksb/audit-feature';
import { AUDIT_CSV_HEADER, auditCsvLine, timeline, type RecordFilter } from '@ksb/audit-trail';
import { cliWire, type CliConfig } from '../cli.config';
import { progressBar } from '../progress';
import { VERIFY_EXIT, verifyOutcome } from './verify-outcome';

const VERDICT_TEXT: Record<number, (what: string) => string> = {
  [VERIFY_EXIT.VERIFIED]: (what) => `${what} verified`,
  [VERIFY_EXIT.UNPROVEN]: (what) => `${what} intact, but NOT every record is sealed (exit ${VERIFY_EXIT.UNPROVEN})`,
  [VERIFY_EXIT.FAILED]: (what) => `${what} NOT verified`,
};

type Print = (line: string) => void;

const date = (name: string, value?: string): Date | undefined => {
  if (value === undefined) return undefined;
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime())) throw new Error(`--${name}: "${value}" is not an ISO date or time`);
  return parsed;
};

const publicKey = (config: CliConfig, file?: string): KeyObject => {
  const path = file ?? config.KSB_AUDIT_PUBLIC_KEY_FILE;
  if (!path) throw new Error('the audit public key is needed: --public-key FILE or KSB_AUDIT_PUBLIC_KEY_FILE');
  return createPublicKey(readFileSync(path));
};

/**
 * `ksb audit verify [--from T] [--to T] [--public-key F] [--require-signed]` or `--bundle DIR`: exit 0 when
 * every record is sealed by the writer, 3 when a window's last records have their seal beyond it, 1 when
 * anything is broken.
 */
export const auditVerify = async (config: CliConfig, argv: string[], print: Print): Promise<number> => {
  const { values } = parseArgs({
    args: argv,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      'public-key': { type: 'string' },
      bundle: { type: 'string' },
      'require-signed': { type: 'boolean' },
    },
  });
  const requireSigned = values['require-signed'] ?? false;
  if (values.bundle) {
    const trusted =
      values['public-key'] || config.KSB_AUDIT_PUBLIC_KEY_FILE ? publicKey(config, values['public-key']) : undefined;
    const result = await verifyBundle(values.bundle, trusted);
    const outcome = verifyOutcome(result.partitions, requireSigned);
    outcome.lines.forEach((line) => print(line));
    for (const problem of result.problems) print(`FAIL  ${problem}`);
    const exitCode = result.ok ? outcome.exitCode : VERIFY_EXIT.FAILED;
    print(
      `${VERDICT_TEXT[exitCode]('bundle')} with key ${result.keyFingerprint}${trusted ? ' (trusted)' : ' (from the bundle: compare it with the published fingerprint)'}`,
    );
    return exitCode;
  }
  const key = publicKey(config, values['public-key']);
  const wire = cliWire(config);
  const bar = progressBar('verify');
  try {
    let last = { read: 0, total: 0 };
    const verdicts = await verifyAuditLog(wire, key, {
      window: { from: date('from', values.from), to: date('to', values.to) },
      onProgress: (p) => {
        last = p;
        bar.update(p);
      },
    });
    bar.done(last.read, last.total);
    const outcome = verifyOutcome(
      verdicts.map(({ partition, fromOffset, toOffset, verdict }) => ({
        partition,
        where: `partition ${partition} (offsets ${fromOffset}–${toOffset})`,
        verdict,
      })),
      requireSigned,
    );
    outcome.lines.forEach((line) => print(line));
    print(`${VERDICT_TEXT[outcome.exitCode]('audit trail')} with key ${keyFingerprint(key)}`);
    return outcome.exitCode;
  } finally {
    await wire.close();
  }
};

/** `ksb audit export --out DIR [--from T] [--to T] [--public-key F]`: a bundle that verifies offline. */
export const auditExport = async (config: CliConfig, argv: string[], print: Print): Promise<number> => {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'public-key': { type: 'string' },
    },
  });
  if (!values.out) throw new Error('--out DIR is required');
  const key = publicKey(config, values['public-key']);
  const wire = cliWire(config);
  const bar = progressBar('export');
  try {
    const manifest = await exportBundle(wire, values.out, key, {
      window: { from: date('from', values.from), to: date('to', values.to) },
      onProgress: bar.update,
    });
    const records = manifest.partitions.reduce((n, p) => n + p.records, 0);
    bar.done(records, records);
    print(
      `exported ${records} records in ${manifest.partitions.length} partitions to ${values.out} (key ${manifest.keyFingerprint})`,
    );
    return 0;
  } finally {
    await wire.close();
  }
};

const filterFrom = (values: Record<string, string | boolean | undefined>): RecordFilter => ({
  from: date('from', values.from as string | undefined),
  to: date('to', values.to as string | undefined),
  caseId: values.case as string | undefined,
  office: values.office as string | undefined,
  eventType: values.type as string | undefined,
});

/**
 * `ksb audit replay [--from T] [--to T] [--case ID] [--office ID] [--type T] [--format jsonl|csv] [--out F]
 * [--with-deliveries]`: the matching audit records; with --with-deliveries also the delivered events themselves.
 */
export const auditReplay = async (config: CliConfig, argv: string[], print: Print): Promise<number> => {
  const { values } = parseArgs({
    args: argv,
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      case: { type: 'string' },
      office: { type: 'string' },
      type: { type: 'string' },
      format: { type: 'string', default: 'jsonl' },
      out: { type: 'string' },
      'with-deliveries': { type: 'boolean', default: false },
    },
  });
  if (values.format !== 'jsonl' && values.format !== 'csv') throw new Error('--format must be jsonl or csv');
  const file: WriteStream | undefined = values.out ? createWriteStream(values.out) : undefined;
  const emit = (line: string) => (file ? file.write(`${line}\n`) : print(line));
  const csv = values.format === 'csv';
  if (csv) emit(AUDIT_CSV_HEADER);
  const wire = cliWire(config);
  const bar = progressBar('replay');
  const delivered: AuditRecord[] = [];
  try {
    let last = { read: 0, total: 0 };
    const matched = await replayAudit(
      wire,
      filterFrom(values),
      (record) => {
        if (record.hop === 'DELIVERED') delivered.push(record);
        emit(csv ? auditCsvLine(record) : JSON.stringify(record));
      },
      (p) => {
        last = p;
        bar.update(p);
      },
    );
    bar.done(last.read, last.total);
    if (values['with-deliveries'])
      for (const event of await readDeliveredEvents(wire, delivered)) emit(JSON.stringify({ delivery: event }));
    if (file) await new Promise<void>((resolve) => file.end(() => resolve()));
    process.stderr.write(`${matched} audit records${file ? ` written to ${values.out}` : ''}\n`);
    return 0;
  } finally {
    await wire.close();
  }
};

/** `ksb audit timeline CASE`: one case's path through the bridge, hop by hop. */
export const auditTimeline = async (config: CliConfig, argv: string[], print: Print): Promise<number> => {
  const caseId = argv[0];
  if (!caseId) throw new Error('usage: ksb audit timeline CASE (a correlation id or event id)');
  const wire = cliWire(config);
  try {
    const records = await collectAudit(wire, { caseId });
    timeline(records, caseId).forEach((line) => print(line));
    return records.length > 0 ? 0 : 1;
  } finally {
    await wire.close();
  }
};
