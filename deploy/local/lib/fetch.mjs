// Fetches Kafka's jars and the registry distribution through Maven (by coordinates), once per version.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, rmSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir, kafkaHome, registryHome, localDir, versions } from './paths.mjs';
import { hasCommand } from './process.mjs';

export class MissingToolError extends Error {}

export const requireJava = () => {
  const out = hasCommand('java', ['-version']);
  const major = Number(out?.match(/version "(\d+)/)?.[1]);
  if (!out || !(major >= 17)) {
    throw new MissingToolError(
      'Java 17 or newer is required: install it (e.g. `apt-get install openjdk-17-jre-headless`).',
    );
  }
};

const requireMaven = () => {
  if (!hasCommand('mvn', ['-v'])) {
    throw new MissingToolError(
      'Maven is required to fetch Kafka and the registry: install it (e.g. `apt-get install maven`).',
    );
  }
};

const mvn = (args) =>
  execFileSync('mvn', ['-B', '-q', '-Dstyle.color=never', ...args], { stdio: ['ignore', 'inherit', 'inherit'] });

const complete = (dir) => existsSync(join(dir, '.complete'));
const markComplete = (dir) => writeFileSync(join(dir, '.complete'), new Date().toISOString());

const fetchKafka = () => {
  if (complete(kafkaHome)) return false;
  const { version, log4jSlf4jVersion } = versions.kafka;
  rmSync(kafkaHome, { recursive: true, force: true });
  mvn([
    '-f',
    join(localDir, 'kafka-pom.xml'),
    'dependency:copy-dependencies',
    '-DincludeScope=runtime',
    `-Dkafka.version=${version}`,
    `-Dlog4j.slf4j.version=${log4jSlf4jVersion}`,
    `-DoutputDirectory=${join(kafkaHome, 'libs')}`,
  ]);
  markComplete(kafkaHome);
  return true;
};

const fetchRegistry = () => {
  if (complete(registryHome)) return false;
  const { groupId, artifactId, version, classifier, type } = versions.registry;
  const download = join(cacheDir, 'download');
  rmSync(registryHome, { recursive: true, force: true });
  mkdirSync(registryHome, { recursive: true });
  mvn([
    'dependency:copy',
    `-Dartifact=${groupId}:${artifactId}:${version}:${type}:${classifier}`,
    `-DoutputDirectory=${download}`,
  ]);
  const archive = readdirSync(download).find((f) => f.startsWith(`${artifactId}-${version}`));
  execFileSync('tar', ['xzf', join(download, archive), '-C', registryHome]);
  rmSync(join(download, archive));
  markComplete(registryHome);
  return true;
};

/** Returns what was downloaded this time, so callers can tell a cold start from a warm one. */
export const fetchAll = () => {
  requireJava();
  if (complete(kafkaHome) && complete(registryHome)) return [];
  requireMaven();
  mkdirSync(cacheDir, { recursive: true });
  return [fetchKafka() && 'kafka', fetchRegistry() && 'registry'].filter(Boolean);
};
