import { retentionMsOf } from '@ksb/contracts';
import { eraseCase } from '@ksb/operations-feature';
import { cliWire, NEEDS_KEY_STORE, operatorName, type CliConfig } from '../cli.config';

const USAGE = 'usage: ksb case erase CASE --reason TEXT --basis PROVISION   (destroys the case keys: cannot be undone)';

const option = (args: readonly string[], name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};

/**
 * `ksb case erase CASE --reason … --basis …`: destroys the case's data keys in the key store this CLI is given
 * (KSB_CASE_KEY_DIR, KSB_CASE_KEK_FILE) and records the erasure for the audit trail. Who erased is the Kafka
 * identity the CLI connects as. Run again after a failure: the keys stay destroyed and the record is written.
 */
export const caseErase = async (config: CliConfig, args: readonly string[], print: (line: string) => void) => {
  const caseId = args[0];
  const reason = option(args, '--reason');
  const legalBasis = option(args, '--basis');
  if (!caseId || caseId.startsWith('--') || reason === undefined || legalBasis === undefined) return (print(USAGE), 2);
  const wire = cliWire(config);
  const store = wire.caseSeal?.store;
  if (!store) return (await wire.close(), print(NEEDS_KEY_STORE('ksb case erase')), 2);
  const by = operatorName(config);
  const outcome = await eraseCase(wire, store, { caseId, reason, legalBasis, by }).finally(() => wire.close());
  if ('refused' in outcome) {
    print(`not erased (${outcome.refused}): ${outcome.why}`);
    return 1;
  }
  const { erased, recorded } = outcome;
  const keys =
    erased.keyIds.length > 0 ? `keys ${erased.keyIds.join(', ')} destroyed` : 'the bridge held no key for it';
  print(
    erased.repeated
      ? `case ${caseId} was already erased on ${erased.erasedAt} by ${erased.erasedBy}; recorded again at ${recorded.topic}/${recorded.partition}/${recorded.offset}`
      : `case ${caseId} erased by ${by} (${erased.legalBasis}): ${keys}; recorded at ${recorded.topic}/${recorded.partition}/${recorded.offset}`,
  );
  // What erasing keys cannot reach (ADR 0023): the operator answers the request with this date.
  print(
    `still in clear until its ${Math.round(retentionMsOf('ingest') / 86_400_000)} days end: agency input a producer ` +
      `sent without the gateway's key service (ksb.ingest.*); everything else of the case was sealed under these keys or encrypted to its recipient office`,
  );
  return 0;
};
