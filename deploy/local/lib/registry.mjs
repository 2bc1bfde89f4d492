// Apicurio Registry serving the Confluent-compatible API; schemas kept in a file-backed H2 database
// so schema ids stay valid across restarts, exactly as long as the Kafka data that refers to them.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { join } from 'node:path';
import { registryHome, runDir, logDir } from './paths.mjs';
import { ADMIN_PRINCIPAL, BROKER_PRINCIPAL, caFile } from './security.mjs';

export const registryLogFile = (t) => join(logDir, `${t.name}-registry.log`);
export const registryPidFile = (t) => join(runDir, t.name, 'registry.pid');

/**
 * The secured registry's settings, in the file Quarkus reads from its working directory (mode 0600, never on
 * a command line where `ps` shows it): https only, with the local CA's certificate; HTTP basic against one
 * user per principal of the access plan with the principal's own password; role-based authorization with the
 * admin as sr-admin (registers schemas, sets compatibility) and every other identity as sr-readonly (looks
 * schemas up). Anonymous requests are refused. docs/adr/0013.
 */
export const securedRegistryConfig = ({ port, certFile, keyFile, credentials }) => {
  const users = Object.entries(credentials).filter(([name]) => name !== BROKER_PRINCIPAL);
  return [
    `quarkus.http.ssl-port=${port}`,
    'quarkus.http.insecure-requests=disabled',
    `quarkus.http.ssl.certificate.files=${certFile}`,
    `quarkus.http.ssl.certificate.key-files=${keyFile}`,
    'quarkus.http.auth.basic=true',
    'quarkus.security.users.embedded.enabled=true',
    'quarkus.security.users.embedded.plain-text=true',
    ...users.flatMap(([name, password]) => [
      `quarkus.security.users.embedded.users.${name}=${password}`,
      `quarkus.security.users.embedded.roles.${name}=${name === ADMIN_PRINCIPAL ? 'sr-admin' : 'sr-readonly'}`,
    ]),
    'apicurio.auth.role-based-authorization=true',
    'apicurio.auth.role-source=token',
    'apicurio.auth.anonymous-read-access.enabled=false',
  ].join('\n');
};

export const registryCommand = (t, security) => {
  const dataDir = join(runDir, t.name, 'registry');
  mkdirSync(join(dataDir, 'config'), { recursive: true });
  const configFile = join(dataDir, 'config', 'application.properties');
  if (t.plaintext) rmSync(configFile, { force: true });
  else
    writeFileSync(
      configFile,
      securedRegistryConfig({
        port: t.registryPort,
        certFile: security.registryCertFile,
        keyFile: security.registryKeyFile,
        credentials: security.credentials,
      }) + '\n',
      { mode: 0o600 },
    );
  const runner = readdirSync(registryHome).find((f) => f.endsWith('-runner.jar'));
  return {
    command: 'java',
    args: [
      '-Xmx512m',
      // Vert.x's file cache and other temp files in the registry's own directory, not in /tmp.
      `-Djava.io.tmpdir=${dataDir}`,
      `-Dvertx.cacheDirBase=${join(dataDir, 'vertx-cache')}`,
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

/** Whether the registry answers HTTP at all; a secured one says 401 to this anonymous probe, which counts. */
export const registryAnswers = (url) =>
  new Promise((resolve) => {
    const client = url.startsWith('https:') ? https : http;
    const options = url.startsWith('https:') && existsSync(caFile) ? { ca: readFileSync(caFile) } : {};
    const request = client.get(`${url}/subjects`, { ...options, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 || res.statusCode === 401);
    });
    request.on('error', () => resolve(false));
    request.on('timeout', () => request.destroy());
  });
