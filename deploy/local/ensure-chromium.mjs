#!/usr/bin/env node
// The dashboard test drives a real headless Chromium (Debian's package, through playwright-core). Installs it
// with apt-get when missing and allowed (root, as in CI); otherwise says how.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const path = process.env.KSB_CHROMIUM ?? '/usr/bin/chromium';
if (existsSync(path)) {
  console.log(`chromium: ${path}`);
  process.exit(0);
}
if (process.getuid?.() !== 0 || spawnSync('apt-get', ['--version']).status !== 0) {
  console.error(
    `chromium not found at ${path}: install Debian's chromium package (apt-get install chromium) or set KSB_CHROMIUM`,
  );
  process.exit(1);
}
console.log('chromium missing: installing the Debian package');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
for (const args of [
  ['update', '-qq'],
  ['install', '-y', '-qq', '--no-install-recommends', 'chromium'],
]) {
  if (spawnSync('apt-get', args, { stdio: 'inherit', env }).status !== 0) {
    console.error(`apt-get ${args.join(' ')} failed`);
    process.exit(1);
  }
}
process.exit(existsSync(path) ? 0 : 1);
