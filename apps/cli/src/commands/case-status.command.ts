import { parseArgs } from 'node:util';
import { checkSecurityEvent, readKeyRegister, type SigningKey } from '@ksb/signatures';
import type { CliConfig } from '../cli.config';

interface TrailEntry {
  readonly status: string;
  readonly at: string;
  readonly officeId: string | null;
  readonly text: string;
  readonly token: string;
}

/** One line per step, and whether the bridge's signature on it holds; any that does not fails the command. */
export const statusLines = (
  entries: readonly TrailEntry[],
  register: readonly SigningKey[] | undefined,
): { lines: string[]; broken: number } => {
  let broken = 0;
  const lines = entries.map((e) => {
    const check = register ? checkSecurityEvent(e.token, register) : undefined;
    if (check && !check.ok) broken++;
    const mark = !check ? '' : check.ok ? `  [signed ${check.keyId}]` : `  [SIGNATURE INVALID: ${check.reason}]`;
    return `${e.at}  ${e.status.padEnd(9)}  ${e.text}${mark}`;
  });
  return { lines, broken };
};

/**
 * `ksb case status <correlationId> [--url URL]`: the status trail an office's software gets, for the office
 * whose API key is in KSB_API_KEY, each entry's signature checked against KSB_SIGNING_KEYS_FILE.
 */
export const caseStatus = async (config: CliConfig, argv: string[], print: (line: string) => void): Promise<number> => {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string', default: config.KSB_DELIVERY_API_URL },
      json: { type: 'boolean', default: false },
    },
  });
  const [caseId] = positionals;
  if (!caseId) throw new Error('usage: ksb case status <correlationId> [--url URL] [--json]');
  if (!config.KSB_API_KEY) throw new Error('KSB_API_KEY: the office’s API key is required to read its case');
  let response: Response;
  try {
    response = await fetch(`${values.url}/v1/cases/${encodeURIComponent(caseId)}/events`, {
      headers: { 'x-api-key': config.KSB_API_KEY },
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new Error(`the delivery API at ${values.url} does not answer (${(error as Error).message})`);
  }
  const body = (await response.json()) as { events?: TrailEntry[]; code?: string; message?: string };
  if (!response.ok) throw new Error(`the delivery API answered ${response.status} ${body.code}: ${body.message}`);
  if (values.json) {
    print(JSON.stringify(body, null, 2));
    return 0;
  }
  const register = config.KSB_SIGNING_KEYS_FILE ? readKeyRegister(config.KSB_SIGNING_KEYS_FILE) : undefined;
  const { lines, broken } = statusLines(body.events ?? [], register);
  print(
    `case ${caseId}: ${lines.length} steps${register ? '' : ' (signatures not checked: no KSB_SIGNING_KEYS_FILE)'}`,
  );
  lines.forEach((line) => print(line));
  return broken === 0 ? 0 : 1;
};
