// Apicurio Registry serving the Confluent-compatible API; schemas kept in a file-backed H2 database
// so schema ids stay valid across restarts, exactly as long as the Kafka data that refers to them.
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { registryHome, runDir, logDir } from './paths.mjs';

export const registryLogFile = (t) => join(logDir, `${t.name}-registry.log`);
export const registryPidFile = (t) => join(runDir, t.name, 'registry.pid');

export const registryCommand = (t) => {
  const dataDir = join(runDir, t.name, 'registry');
  mkdirSync(dataDir, { recursive: true });
  const runner = readdirSync(registryHome).find((f) => f.endsWith('-runner.jar'));
  return {
    command: 'java',
    args: [
      '-Xmx512m',
      `-Dquarkus.http.host=127.0.0.1`,
      `-Dquarkus.http.port=${t.registryPort}`,
      '-Dapicurio.storage.kind=sql',
      '-Dapicurio.storage.sql.kind=h2',
      `-Dapicurio.datasource.url=jdbc:h2:file:${join(dataDir, 'registry')};DB_CLOSE_ON_EXIT=FALSE`,
      '-Dapicurio.datasource.username=sa',
      '-Dapicurio.datasource.password=sa',
      '-Dquarkus.log.level=INFO',
      '-jar',
      join(registryHome, runner),
    ],
    cwd: dataDir,
    logFile: registryLogFile(t),
    pidFile: registryPidFile(t),
  };
};

export const registryAnswers = async (url) => {
  try {
    const res = await fetch(`${url}/subjects`, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
};
