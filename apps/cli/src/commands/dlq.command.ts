import { ageText, parseAge, selectDeadLetters, summarizeDeadLetters, type DeadLetterFacts } from '@ksb/dead-letters';
import {
  purgeDeadLetter,
  readDeadLetters,
  readDeadLetterWithContent,
  requeueDeadLetter,
  type DeadLetterRecord,
} from '@ksb/operations-feature';
import { cliWire, NEEDS_KEY_STORE, operatorName, type CliConfig } from '../cli.config';

const USAGE = [
  'usage: ksb dlq list [--reason CODE] [--stage SERVICE] [--older-than AGE] [--json]   (AGE: 30min, 2h, 3d)',
  '       ksb dlq show PARTITION:OFFSET [--json] [--content]   (--content: with the key store, the auditor)',
  '       ksb dlq requeue PARTITION:OFFSET --reason TEXT   (once the cause is fixed; the reason is audited)',
  "       ksb dlq purge PARTITION:OFFSET --reason TEXT --basis PROVISION   (erases the letter's case: all of it)",
].join('\n');

const option = (args: readonly string[], name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};

const from = (l: DeadLetterFacts) =>
  l.source ? `${l.source.topic}/${l.source.partition}/${l.source.offset}` : 'written straight onto the topic';

/**
 * `ksb dlq list`: the dead letters by reason and stage, with how long the oldest has waited; with a filter,
 * the letters themselves. Metadata only — the content is the auditor's to read (ADR 0023).
 */
const list = async (config: CliConfig, args: readonly string[], print: (line: string) => void): Promise<number> => {
  const olderThan = option(args, '--older-than');
  const olderThanMs = olderThan === undefined ? undefined : parseAge(olderThan);
  if (olderThan !== undefined && olderThanMs === undefined) return (print(USAGE), 2);
  const wire = cliWire(config);
  const letters = await readDeadLetters(wire).finally(() => wire.close());
  const now = Date.now();
  const filter = { reason: option(args, '--reason'), stage: option(args, '--stage'), olderThanMs, now };
  const filtered = filter.reason !== undefined || filter.stage !== undefined || olderThanMs !== undefined;
  const chosen = selectDeadLetters(
    letters.map((l) => l.facts),
    filter,
  );
  if (args.includes('--json')) {
    print(JSON.stringify(filtered ? chosen : summarizeDeadLetters(chosen), null, 2));
    return 0;
  }
  if (filtered) {
    for (const l of chosen)
      print(
        `${l.partition}:${l.offset}  ${ageText(now - l.at)} ago  ${l.reason}  ${l.stage}  from ${from(l)}` +
          `${l.eventId ? `  event ${l.eventId}` : ''}`,
      );
    print(`${chosen.length} of ${letters.length} dead letters`);
    return 0;
  }
  for (const g of summarizeDeadLetters(chosen))
    print(
      `${g.reason}  ${g.stage}  ${g.count}  oldest ${ageText(now - g.oldestAt)} ago  newest ${ageText(now - g.newestAt)} ago`,
    );
  print(`${letters.length} dead letters`);
  return 0;
};

const showLines = (r: DeadLetterRecord): string[] => {
  const l = r.facts;
  return [
    `dead letter ${l.partition}:${l.offset}, ${new Date(l.at).toISOString()}`,
    `reason       ${l.reason} (${l.exceptionClass ?? 'no exception class'})`,
    `stage        ${l.stage}`,
    `message      ${l.message ?? '—'}`,
    `from         ${from(l)}`,
    `event        ${l.eventId ?? '—'}  case ${l.correlationId ?? '—'}`,
    `original     ${l.stored ?? 'unknown'}, ${l.sizeBytes ?? r.valueBytes} bytes`,
    `content      ${r.valueBytes} bytes, sha256 ${r.valueSha256 ?? '—'}${r.sealed ? ', sealed under its case key' : ''} (not shown: the auditor's to read)`,
  ];
};

const letterPlace = (arg: string | undefined) => {
  const match = /^(\d+):(\d+)$/.exec(arg ?? '');
  return match ? { partition: Number(match[1]), offset: match[2] } : undefined;
};

/** `ksb dlq show P:O`: one dead letter's metadata and the hash of its content. */
const show = async (config: CliConfig, args: readonly string[], print: (line: string) => void): Promise<number> => {
  const at = letterPlace(args[0]);
  if (!at) return (print(USAGE), 2);
  const wire = cliWire(config);
  const [record] = await readDeadLetters(wire, at).finally(() => wire.close());
  if (!record) {
    print(`no dead letter at ${args[0]}`);
    return 1;
  }
  if (args.includes('--json')) print(JSON.stringify(record, null, 2));
  else showLines(record).forEach((line) => print(line));
  return args.includes('--content') ? showContent(config, at, print) : 0;
};

/**
 * The letter's event, decoded, for the auditor: whoever holds the key store (the stages' KSB_CASE_KEY_DIR)
 * opens a sealed letter; after its case was erased nobody does.
 */
const showContent = async (
  config: CliConfig,
  at: { partition: number; offset: string },
  print: (line: string) => void,
): Promise<number> => {
  const wire = cliWire(config);
  try {
    const letter = await readDeadLetterWithContent(wire, at);
    if (!letter?.value) return (print('content      none in the letter (a reference to the original)'), 1);
    if (letter.record.sealed && !wire.caseSeal) return (print(NEEDS_KEY_STORE('--content')), 2);
    const decoded = await wire.codec.decode(letter.value).catch((error: Error & { code?: string }) => error);
    if (decoded instanceof Error)
      return (print(`content      does not open: ${decoded.code ?? ''} ${decoded.message}`), 1);
    print(JSON.stringify(decoded.value, null, 2));
    return 0;
  } finally {
    await wire.close();
  }
};

/**
 * `ksb dlq requeue P:O --reason TEXT`: a router's letter goes back to the ingest topic it came from, once. Who
 * put it back is the Kafka identity the CLI connects as (the operating-system user without one). A failed run
 * is simply run again: it finds a copy that did commit and says where.
 */
const requeue = async (config: CliConfig, args: readonly string[], print: (line: string) => void): Promise<number> => {
  const at = letterPlace(args[0]);
  const reason = option(args, '--reason');
  if (!at || reason === undefined) return (print(USAGE), 2);
  const by = operatorName(config);
  const wire = cliWire(config);
  const outcome = await requeueDeadLetter(wire, at, { reason, by }).finally(() => wire.close());
  if ('refused' in outcome) {
    print(`not requeued (${outcome.refused}): ${outcome.why}`);
    return 1;
  }
  const { topic, partition, offset } = outcome.requeued;
  print(`requeued ${args[0]} to ${topic}/${partition}/${offset ?? '?'} by ${by}: ${reason}`);
  return 0;
};

/**
 * `ksb dlq purge P:O --reason TEXT --basis PROVISION`: destroys the key the letter is sealed under, which is its
 * case's: the whole case is erased, recorded like `ksb case erase` with the letter named.
 */
const purge = async (config: CliConfig, args: readonly string[], print: (line: string) => void): Promise<number> => {
  const at = letterPlace(args[0]);
  const reason = option(args, '--reason');
  const legalBasis = option(args, '--basis');
  if (!at || reason === undefined || legalBasis === undefined) return (print(USAGE), 2);
  const wire = cliWire(config);
  const store = wire.caseSeal?.store;
  if (!store) return (await wire.close(), print(NEEDS_KEY_STORE('ksb dlq purge')), 2);
  const by = operatorName(config);
  const outcome = await purgeDeadLetter(wire, store, at, { reason, legalBasis, by }).finally(() => wire.close());
  if ('refused' in outcome) {
    print(`not purged (${outcome.refused}): ${outcome.why}`);
    return 1;
  }
  const { caseId, erased } = outcome;
  print(
    `purged ${args[0]}: case ${caseId} ${erased.repeated ? `was already erased on ${erased.erasedAt}` : `erased by ${by} (${erased.legalBasis})`}` +
      `, keys ${erased.keyIds.join(', ') || 'none held'}: every record of the case, not only this letter`,
  );
  return 0;
};

export const dlq = (config: () => CliConfig, args: readonly string[], print: (line: string) => void) => {
  if (args[0] === 'list') return list(config(), args.slice(1), print);
  if (args[0] === 'show') return show(config(), args.slice(1), print);
  if (args[0] === 'requeue') return requeue(config(), args.slice(1), print);
  if (args[0] === 'purge') return purge(config(), args.slice(1), print);
  print(USAGE);
  return Promise.resolve(2);
};
