#!/usr/bin/env node
// `node deploy/compose/make-secrets.mjs`: the trust material deploy/compose.yaml mounts as secrets, made on the
// operator's host with openssl (as the local stack does, docs/adr/0013): a CA, certificates for the `kafka` and
// `registry` services, one random password per identity of the access plan, the Kafka node's settings
// (SASL_SSL and mutual-TLS controller listeners only, StandardAuthorizer) and its SCRAM users, the registry's
// users and roles, and an admin client file for the health check. Written to deploy/compose/secrets/ (git-
// ignored, mode 0600); existing passwords are kept, so rerunning after a directory change only adds identities.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { localDir } from '../local/lib/paths.mjs';
import { serverProperties } from '../local/lib/kafka.mjs';
import { securedRegistryConfig } from '../local/lib/registry.mjs';
import {
  ADMIN_PRINCIPAL,
  BROKER_PRINCIPAL,
  issueCertificate,
  makeCertificateAuthority,
  pkcs8Key,
  planPrincipals,
} from '../local/lib/security.mjs';

const out = join(localDir, '..', 'compose', 'secrets');
/** Where compose mounts each secret (`/run/secrets/<name>`): the generated files refer to these paths. */
const mounted = (name) => `/run/secrets/${name}`;
const write = (name, text) => writeFileSync(join(out, name), text, { mode: 0o600 });

mkdirSync(join(out, 'passwords'), { recursive: true, mode: 0o700 });
if (!existsSync(join(out, 'ca.pem'))) makeCertificateAuthority(out);
if (!existsSync(join(out, 'kafka-keystore.pem'))) {
  issueCertificate(out, 'kafka', BROKER_PRINCIPAL, 'DNS:kafka,DNS:localhost');
  const chain = readFileSync(join(out, 'kafka.pem'), 'utf8') + readFileSync(join(out, 'ca.pem'), 'utf8');
  write('kafka-keystore.pem', pkcs8Key(out, 'kafka') + chain);
}
if (!existsSync(join(out, 'registry-key.pem'))) {
  issueCertificate(out, 'registry', 'ksb-registry', 'DNS:registry,DNS:localhost');
  write('registry-key.pem', pkcs8Key(out, 'registry'));
}

// The key-encryption key of the per-case key store (docs/adr/0023); made once: a new one orphans every key.
if (!existsSync(join(out, 'case-kek.key'))) write('case-kek.key', randomBytes(32).toString('base64') + '\n');

const known = existsSync(join(out, 'credentials.json')) ? JSON.parse(readFileSync(join(out, 'credentials.json'))) : {};
const names = [ADMIN_PRINCIPAL, BROKER_PRINCIPAL, ...planPrincipals()];
const credentials = Object.fromEntries(names.map((n) => [n, known[n] ?? randomBytes(18).toString('base64url')]));
write('credentials.json', JSON.stringify(credentials, null, 2));
for (const [name, password] of Object.entries(credentials)) write(join('passwords', name), password);

const node = { nodeId: 1, port: 9092, controllerPort: 9093 };
const topology = { name: 'compose', brokers: [node], replicationFactor: 1, minInsyncReplicas: 1 };
const security = { credentials, keystoreFile: mounted('ksb-kafka-keystore'), caFile: mounted('ksb-ca') };
write(
  'kafka-server.properties',
  serverProperties(topology, node, security, { bind: '', host: 'kafka' }, '/var/lib/kafka/data') + '\n',
);
write(
  'kafka-scram-users',
  Object.entries(credentials)
    .map(([name, password]) => `SCRAM-SHA-512=[name=${name},password=${password}]`)
    .join('\n') + '\n',
);
write(
  'kafka-admin-client.properties',
  [
    'security.protocol=SASL_SSL',
    'sasl.mechanism=SCRAM-SHA-512',
    `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${ADMIN_PRINCIPAL}" password="${credentials[ADMIN_PRINCIPAL]}";`,
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${mounted('ksb-ca')}`,
  ].join('\n') + '\n',
);
write(
  'registry-application.properties',
  securedRegistryConfig({
    port: 8443,
    certFile: mounted('ksb-registry-cert'),
    keyFile: mounted('ksb-registry-key'),
    credentials,
  }) + '\n',
);
console.log(`compose secrets in ${out}: ${names.length} identities`);
