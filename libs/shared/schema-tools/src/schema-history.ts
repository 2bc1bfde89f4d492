import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listRecordSchemas, readSchemaFile } from '@ksb/contracts';

export interface HistoricVersion {
  readonly label: string;
  readonly schema: Record<string, unknown>;
}

const git = (cwd: string, args: string[]) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * Every committed version of every record schema ("released" = merged to main and possibly deployed),
 * oldest first, identical versions collapsed. Each commit's schemas/ tree is assembled as it was then,
 * so a change to a shared record shows up in every record that uses it.
 */
export const committedSchemaVersions = (repoRoot: string): Map<string, HistoricVersion[]> => {
  const history = new Map<string, HistoricVersion[]>();
  let commits: string[];
  try {
    commits = git(repoRoot, ['log', '--reverse', '--format=%H', '--', 'schemas']).split('\n').filter(Boolean);
  } catch {
    return history; // not a git checkout: nothing released to compare with
  }
  for (const commit of commits) {
    const dir = mkdtempSync(join(tmpdir(), 'ksb-schemas-'));
    try {
      execFileSync('sh', ['-c', `git archive ${commit} schemas | tar -x -C "${dir}"`], { cwd: repoRoot });
      const schemaDir = join(dir, 'schemas');
      if (!existsSync(schemaDir)) continue;
      for (const record of listRecordSchemas(schemaDir)) {
        const schema = readSchemaFile(record, schemaDir);
        const versions = history.get(record) ?? [];
        const text = JSON.stringify(schema);
        if (!versions.some((v) => JSON.stringify(v.schema) === text))
          versions.push({ label: `commit ${commit.slice(0, 9)}`, schema });
        history.set(record, versions);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return history;
};
