// A baseline revision's code beside today's in one benchmark run: a detached git work tree of that revision,
// sharing this checkout's node_modules, from which the bench starts the stages (KSB_SERVICE_ROOT).
import { execFileSync } from 'node:child_process';
import { existsSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..', '..');
const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();

export interface BaselineTree {
  readonly rev: string;
  readonly dir: string;
  remove(): void;
}

/** Checks `rev` out beside this checkout (once per run); remove() takes the work tree away again. */
export const baselineTree = (rev: string): BaselineTree => {
  const commit = git('rev-parse', '--short=9', `${rev}^{commit}`);
  const dir = join(tmpdir(), `ksb-bench-baseline-${commit}`);
  if (!existsSync(dir)) {
    git('worktree', 'add', '--detach', dir, commit);
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  }
  return { rev: commit, dir, remove: () => void git('worktree', 'remove', '--force', dir) };
};
