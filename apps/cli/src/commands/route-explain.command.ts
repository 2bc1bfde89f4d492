import { readFileSync } from 'node:fs';
import { DIRECTORY_SNAPSHOT_TOPIC, EVENT_TYPES, readSchemaFile, type DirectorySnapshot } from '@ksb/contracts';
import { checkSnapshot, fromSnapshot, loadDirectory, type Directory } from '@ksb/directory';
import { describeRule, routeEvent, type RoutingOutcome } from '@ksb/routing-rules';
import { readKeyRegister } from '@ksb/signatures';
import { applyDefaults, compileAvro, partitionBounds, readRange } from '@ksb/wire';
import { cliWire, type CliConfig } from '../cli.config';

type Print = (line: string) => void;

/**
 * Which event type a JSON file is: by --type, else the type whose schema it fits best (fewest invalid or
 * unknown fields), so a broken event is still explained against the type it was meant to be.
 */
const detectType = (event: Record<string, unknown>, explicit?: string) => {
  if (explicit) return EVENT_TYPES.find((t) => t.name === explicit);
  const misfits = (record: string) => {
    const schema = compileAvro(readSchemaFile(record));
    const { value, undeclared } = applyDefaults(schema, event);
    let invalid = 0;
    schema.isValid(value, { errorHook: () => (invalid += 1) });
    return invalid + undeclared.length;
  };
  return [...EVENT_TYPES].map((t) => ({ t, misfits: misfits(t.record) })).sort((a, b) => a.misfits - b.misfits)[0]?.t;
};

const describeOutcome = (outcome: RoutingOutcome, print: Print) => {
  if (outcome.kind === 'rejected') {
    print(`✖ dead letter ${outcome.code} (directory ${outcome.directoryVersion})`);
    print(`    ${outcome.explanation}`);
    return;
  }
  const { decision } = outcome;
  print(`event ${decision.eventId}, directory ${decision.directoryVersion}`);
  for (const r of decision.recipients) {
    print(
      `→ ${r.officeId.padEnd(28)} ${(r.role + (r.provisional ? ' provisional' : '')).padEnd(22)} ${r.rule} (${r.legalBasis})`,
    );
    print(`    ${describeRule(r.rule)?.text ?? ''}`);
    r.explanation.split('; ').forEach((part) => print(`    · ${part}`));
  }
};

/**
 * The directory the routers use: the latest snapshot on the directory topic, checked against the maintainer
 * keys of KSB_SIGNING_KEYS_FILE exactly as a router checks it. Undefined (with the reason printed) if there
 * is none or it does not verify.
 */
const signedDirectory = async (
  config: CliConfig,
  print: Print,
): Promise<{ directory: Directory; keyId: string } | undefined> => {
  if (!config.KSB_SIGNING_KEYS_FILE) {
    print('ksb route --signed: KSB_SIGNING_KEYS_FILE is not set (whose maintainer keys to trust)');
    return undefined;
  }
  const wire = cliWire(config);
  try {
    const topic = wire.topic(DIRECTORY_SNAPSHOT_TOPIC);
    let latest: DirectorySnapshot | undefined;
    await readRange(wire, topic, await partitionBounds(wire, topic), {
      onMessages: async (_partition, messages) => {
        for (const m of messages) latest = (await wire.codec.decode<DirectorySnapshot>(m.value)).value;
      },
    });
    if (!latest) {
      print(`✖ no directory snapshot on ${topic}`);
      return undefined;
    }
    const check = checkSnapshot(latest, readKeyRegister(config.KSB_SIGNING_KEYS_FILE), new Date());
    if (!check.ok) {
      print(`✖ ${check.code}: ${check.explanation}`);
      return undefined;
    }
    return { directory: fromSnapshot(latest), keyId: check.keyId };
  } finally {
    await wire.close();
  }
};

/**
 * `ksb route --explain FILE.json [--type T] [--json] [--signed]`: the routing decision for one event with the
 * rules the router uses, and the local directory files or (--signed) the signed snapshot the routers use,
 * named with its version and signer. Exit 0 routed, 3 dead letter, 1 invalid event or snapshot, 2 usage.
 */
export const routeExplain = async (args: string[], print: Print, config?: () => CliConfig): Promise<number> => {
  const file = args[args.indexOf('--explain') + 1];
  if (!args.includes('--explain') || !file) {
    print(
      'usage: ksb route --explain FILE.json [--type police-notification|jugendamt-urgent-notice|acknowledgement] [--json] [--signed]',
    );
    return 2;
  }
  const event = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const typeArg = args.includes('--type') ? args[args.indexOf('--type') + 1] : undefined;
  const type = detectType(event, typeArg);
  if (!type) {
    print(`cannot tell the event type of ${file} (valid against no schema or several); pass --type`);
    return 2;
  }
  const schema = compileAvro(readSchemaFile(type.record));
  const { value, undeclared } = applyDefaults(schema, event);
  const paths: string[] = [];
  schema.isValid(value, { errorHook: (p) => paths.push(p.join('.')) });
  if (paths.length || undeclared.length) {
    print(`✖ not a valid ${type.name}: ${[...paths, ...undeclared.map((u) => `${u} (not in the schema)`)].join(', ')}`);
    return 1;
  }
  const signed = args.includes('--signed') && config ? await signedDirectory(config(), print) : undefined;
  if (args.includes('--signed') && !signed) return 1;
  const directory = signed?.directory ?? loadDirectory();
  const outcome = routeEvent(type.record, value, directory, new Date());
  if (args.includes('--json')) print(JSON.stringify(outcome, null, 2));
  else {
    print(
      signed
        ? `directory ${directory.version}: the signed snapshot the routers use, signed by ${signed.keyId} (signature checked)`
        : `directory ${directory.version}: the local files, unsigned (--signed explains with the routers' signed snapshot)`,
    );
    describeOutcome(outcome, print);
  }
  return outcome.kind === 'routed' ? 0 : 3;
};
