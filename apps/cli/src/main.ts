import { loadCliConfig } from './cli.config';
import { topicsApply } from './commands/topics-apply.command';
import { aclApply, aclPlan, aclPrincipals, strimziResources } from './commands/acl.command';
import { keys } from './commands/keys.command';
import { canary } from './commands/canary.command';
import { auditExport, auditReplay, auditTimeline, auditVerify } from './commands/audit.command';
import { report } from './commands/report.command';
import { lag } from './commands/lag.command';
import { demo } from './commands/demo.command';
import { directoryPublish } from './commands/directory-publish.command';
import { directoryImport } from './commands/directory-import.command';
import { contactsImport } from './commands/contacts-import.command';
import { deliveryVerify } from './commands/delivery-verify.command';
import { routeExplain } from './commands/route-explain.command';
import { caseStatus } from './commands/case-status.command';
import { caseErase } from './commands/case-erase.command';
import { dlq } from './commands/dlq.command';
import { schemasAsyncApi, schemasCodegen, schemasCompat, schemasLint, viewsGenerate } from './commands/schemas.command';

const USAGE = [
  'usage:',
  '  ksb topics apply   create/update the catalogue topics',
  '  ksb acl plan                     the least-privilege ACL table from topic catalogue and directory',
  '  ksb strimzi                      the same topics and identities as Strimzi KafkaTopic/KafkaUser resources',
  '  ksb keys create|rotate|revoke --office ID [--file F] [--overlap-days N] [--key-id K]  gateway API keys (scrypt)',
  "  ksb acl apply [--dry-run]         make the cluster's ACLs exactly the plan (adds and removes)",
  '  ksb canary         send one probe per route through router and redactor and time it',
  '  ksb lag [--all] [--partitions] [--url URL]   consumer lag, status, canary and alerts from the lag monitor',
  '  ksb demo           publish sample notifications and show what each office received and what was stripped',
  '  ksb route --explain FILE.json [--type T] [--json] [--signed]  the routing decision for an event (--signed: with the signed snapshot)',
  '  ksb directory publish            put the bundled directory version on the directory topic',
  '  ksb directory import GV100AD_FILE [--data DIR]   load a Destatis municipality directory into the register',
  '  ksb directory contacts import FILE.csv [--data DIR]   add or replace contact persons (checked) in the register',
  "  ksb delivery verify --office ID [--keys F]   check the bridge's signature on every record of an office's topic",
  '  ksb schemas lint   check Avro validity and the field class of every field',
  '  ksb schemas compat [--registry]  check schema changes against history and the registry',
  '  ksb schemas codegen              generate TypeScript types from schemas/',
  '  ksb schemas asyncapi             write docs/asyncapi.json and docs/openapi/*.json',
  '  ksb views generate               write the recipient view schemas from the redaction policy',
  '  ksb audit replay [--from T] [--to T] [--case ID] [--office ID] [--type T] [--format jsonl|csv] [--out F] [--with-deliveries]',
  '  ksb audit verify [--from T] [--to T] [--public-key F] [--require-signed] | --bundle DIR   chain, seals and checkpoints; exit 0 sealed, 3 window ends unsealed, 1 broken',
  '  ksb audit export --out DIR [--from T] [--to T] [--public-key F]        a bundle that verifies offline',
  '  ksb audit timeline CASE          one case, hop by hop',
  '  ksb case status CASE [--url URL] [--json]   the status trail of a case the office (KSB_API_KEY) sent, signatures checked',
  '  ksb case erase CASE --reason TEXT --basis PROVISION   destroy the case keys: its content on every topic is gone (audited)',
  '  ksb dlq list [--reason CODE] [--stage SERVICE] [--older-than AGE] [--json]   dead letters by reason and stage, or those that match',
  "  ksb dlq show PARTITION:OFFSET [--json] [--content]   one dead letter: reason, stage, origin, its content's hash (--content: decoded, with the key store)",
  "  ksb dlq requeue PARTITION:OFFSET --reason TEXT   a router's dead letter back on ingest, once, after the fix",
  "  ksb dlq purge PARTITION:OFFSET --reason TEXT --basis PROVISION   erase a sealed letter's case (its key), audited",
  '  ksb report --year YYYY [--office X] [--min-cell N] [--out-dir DIR]    annual statistics from the audit trail',
].join('\n');
const print = (line: string) => process.stdout.write(`${line}\n`);

const commands: Record<string, () => Promise<number>> = {
  'topics apply': () => topicsApply(loadCliConfig(), print),
  'acl plan': async () => aclPlan(loadCliConfig(), print),
  strimzi: async () => (print(strimziResources()), 0),
  keys: () => keys(process.argv[3], process.argv.slice(4), print),
  'acl principals': async () => aclPrincipals(print),
  'acl apply': () => aclApply(loadCliConfig(), process.argv.slice(4), print),
  canary: () => canary(loadCliConfig(), print),
  demo: () => demo(loadCliConfig(), print),
  route: () => routeExplain(process.argv.slice(3), print, loadCliConfig),
  'directory publish': () => directoryPublish(loadCliConfig(), print),
  'directory import': () => directoryImport(process.argv.slice(4), print),
  'directory contacts': () =>
    process.argv[4] === 'import'
      ? contactsImport(process.argv.slice(5), print)
      : Promise.resolve((print('usage: ksb directory contacts import FILE.csv [--data DIR]'), 2)),
  'delivery verify': () => deliveryVerify(loadCliConfig(), process.argv.slice(4), print),
  'schemas lint': () => schemasLint(print),
  'schemas compat': () => schemasCompat(loadCliConfig(), process.argv.slice(4), print),
  'schemas codegen': () => schemasCodegen(print),
  'schemas asyncapi': () => schemasAsyncApi(print),
  'views generate': () => viewsGenerate(print),
  'audit replay': () => auditReplay(loadCliConfig(), process.argv.slice(4), print),
  'audit verify': () => auditVerify(loadCliConfig(), process.argv.slice(4), print),
  'audit export': () => auditExport(loadCliConfig(), process.argv.slice(4), print),
  'audit timeline': () => auditTimeline(loadCliConfig(), process.argv.slice(4), print),
  'case status': () => caseStatus(loadCliConfig(), process.argv.slice(4), print),
  'case erase': () => caseErase(loadCliConfig(), process.argv.slice(4), print),
  lag: () => lag(loadCliConfig(), process.argv.slice(3), print),
  dlq: () => dlq(loadCliConfig, process.argv.slice(3), print),
  report: () => report(loadCliConfig(), process.argv.slice(3), print),
};

const main = async (argv: string[]): Promise<number> => {
  const run = commands[argv.slice(0, 2).join(' ')] ?? commands[argv[0] ?? ''];
  if (!run) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  return run();
};

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`ksb: ${error.message}\n`);
    process.exit(1);
  },
);
