// Where the local stack keeps its downloads (shared across clones) and its runtime state (per clone).
import { homedir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';

export const localDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = resolve(localDir, '..', '..');
export const versions = JSON.parse(readFileSync(join(localDir, 'versions.json'), 'utf8'));

/** Downloads are cached outside the work tree so a fresh clone does not fetch 200 MB again. */
export const cacheDir = process.env.KSB_STACK_CACHE ?? join(homedir(), '.cache', 'kinderschutz-bridge');
/** Data, logs and pid files of the running stack; git-ignored. */
export const runDir = process.env.KSB_STACK_DIR ?? join(repoRoot, '.stack');

export const kafkaHome = join(cacheDir, `kafka-${versions.kafka.version}`);
export const registryHome = join(cacheDir, `apicurio-registry-${versions.registry.version}`);
export const logDir = join(runDir, 'logs');
