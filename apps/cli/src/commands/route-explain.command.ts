import { readFileSync } from 'node:fs';
import { EVENT_TYPES, readSchemaFile } from '@ksb/contracts';
import { loadDirectory } from '@ksb/directory';
import { RULES, routeEvent, type RoutingOutcome } from '@ksb/routing-rules';
import { applyDefaults, compileAvro } from '@ksb/wire';

type Print = (line: string) => void;

/** Which event type a JSON file is, by --type or by a field only that type has. */
const detectType = (event: Record<string, unknown>, explicit?: string) =>
  EVENT_TYPES.find((t) => t.name === explicit) ??
  EVENT_TYPES.find((t) =>
    t.name === 'police-notification'
      ? 'triggerCategory' in event
      : t.name === 'jugendamt-urgent-notice'
        ? 'legalBasis' in event
        : 'acknowledgedEventId' in event,
  );

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
    print(`    ${RULES[r.rule].text}`);
    r.explanation.split('; ').forEach((part) => print(`    · ${part}`));
  }
};

/**
 * `ksb route --explain FILE.json [--type T] [--json]`: the routing decision for one event, without Kafka,
 * with the directory and rules the router uses. Exit 0 routed, 3 dead letter, 1 invalid event, 2 usage.
 */
export const routeExplain = async (args: string[], print: Print): Promise<number> => {
  const file = args[args.indexOf('--explain') + 1];
  if (!args.includes('--explain') || !file) {
    print(
      'usage: ksb route --explain FILE.json [--type police-notification|jugendamt-urgent-notice|acknowledgement] [--json]',
    );
    return 2;
  }
  const event = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const typeArg = args.includes('--type') ? args[args.indexOf('--type') + 1] : undefined;
  const type = detectType(event, typeArg);
  if (!type) {
    print(`cannot tell the event type of ${file}; pass --type`);
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
  const outcome = routeEvent(type.record, value, loadDirectory(), new Date());
  if (args.includes('--json')) print(JSON.stringify(outcome, null, 2));
  else describeOutcome(outcome, print);
  return outcome.kind === 'routed' ? 0 : 3;
};
