// One KRaft node (broker and controller combined); the cluster is three of them sharing a static quorum.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kafkaHome, runDir, logDir, localDir } from './paths.mjs';
import { ADMIN_PRINCIPAL, BROKER_PRINCIPAL } from './security.mjs';

const CLUSTER_ID = {
  single: 'a3NiLWxvY2FsLXNpbmdsZQ',
  cluster: 'a3NiLWxvY2FsLWNsdXN0ZQ',
  plain: 'a3NiLWxvY2FsLXBsYWluMQ',
};

const nodeDir = (t, b) => join(runDir, t.name, `kafka-${b.nodeId}`);
export const kafkaLogFile = (t, b) => join(logDir, `${t.name}-kafka-${b.nodeId}.log`);
export const kafkaPidFile = (t, b) => join(runDir, t.name, `kafka-${b.nodeId}.pid`);

/** The benchmark baseline's listeners: plaintext, no identities, no authorizer (topology `plain` only). */
const plaintextListeners = (b) => [
  `listeners=PLAINTEXT://127.0.0.1:${b.port},CONTROLLER://127.0.0.1:${b.controllerPort}`,
  `advertised.listeners=PLAINTEXT://127.0.0.1:${b.port}`,
  'controller.listener.names=CONTROLLER',
  'inter.broker.listener.name=PLAINTEXT',
  'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
];

/**
 * Clients reach the node only over TLS with a SCRAM-SHA-512 identity (SASL_SSL); the nodes talk to each
 * other over the same listener as ksb-broker, and to the controllers over mutual TLS (KRaft cannot check
 * SCRAM before its metadata is loaded). StandardAuthorizer refuses whatever the ACL plan does not grant.
 * docs/adr/0013-identities-and-least-privilege.md.
 */
const securedListeners = (b, security, node = LOOPBACK) => {
  const jaas = `org.apache.kafka.common.security.scram.ScramLoginModule required username="${BROKER_PRINCIPAL}" password="${security.credentials[BROKER_PRINCIPAL]}";`;
  return [
    `listeners=SASL_SSL://${node.bind}:${b.port},CONTROLLER://${node.bind}:${b.controllerPort}`,
    `advertised.listeners=SASL_SSL://${node.host}:${b.port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=SASL_SSL',
    'listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:SSL',
    'sasl.enabled.mechanisms=SCRAM-SHA-512',
    'sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512',
    `listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=${jaas}`,
    'ssl.keystore.type=PEM',
    `ssl.keystore.location=${security.keystoreFile}`,
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${security.caFile}`,
    'listener.name.controller.ssl.client.auth=required',
    // The node certificate's CN is the node's principal towards the controllers.
    'ssl.principal.mapping.rules=RULE:^CN=([a-z0-9-]+)$/$1/,DEFAULT',
    'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'allow.everyone.if.no.acl.found=false',
    `super.users=User:${ADMIN_PRINCIPAL};User:${BROKER_PRINCIPAL}`,
  ];
};

/** Where a node listens and how others reach it: loopback locally, the service name in compose. */
const LOOPBACK = { bind: '127.0.0.1', host: '127.0.0.1' };

export const serverProperties = (t, b, security, node = LOOPBACK, dataDir = join(nodeDir(t, b), 'data')) => {
  const voters = t.brokers.map((n) => `${n.nodeId}@${node.host}:${n.controllerPort}`).join(',');
  const rf = t.replicationFactor;
  return [
    'process.roles=broker,controller',
    `node.id=${b.nodeId}`,
    `controller.quorum.voters=${voters}`,
    ...(t.plaintext ? plaintextListeners(b) : securedListeners(b, security, node)),
    `log.dirs=${dataDir}`,
    // Topics come from the declared catalogue only; a typo must fail, not create a stray topic.
    'auto.create.topics.enable=false',
    `default.replication.factor=${rf}`,
    `min.insync.replicas=${t.minInsyncReplicas}`,
    `offsets.topic.replication.factor=${rf}`,
    'offsets.topic.num.partitions=10',
    `transaction.state.log.replication.factor=${rf}`,
    `transaction.state.log.min.isr=${t.minInsyncReplicas}`,
    'transaction.state.log.num.partitions=10',
    `share.coordinator.state.topic.replication.factor=${rf}`,
    `share.coordinator.state.topic.min.isr=${t.minInsyncReplicas}`,
    // Tests create many short-lived groups; the default 3 s join delay would dominate their run time.
    'group.initial.rebalance.delay.ms=0',
    'num.partitions=1',
  ].join('\n');
};

const classpath = () => `${join(kafkaHome, 'libs')}/*`;

const java = (t, b, mainClass, args) => [
  '-Xms256m',
  '-Xmx768m',
  // lz4-java unpacks its native library into the temp directory at every start: into the node's, not /tmp.
  `-Djava.io.tmpdir=${join(nodeDir(t, b), 'tmp')}`,
  `-Dlog4j2.configurationFile=${join(localDir, 'log4j2.properties')}`,
  `-Dksb.log.file=${kafkaLogFile(t, b)}`,
  '-cp',
  classpath(),
  mainClass,
  ...args,
];

const securedMarker = (t, b) => join(nodeDir(t, b), 'data', 'ksb-scram-users');

/**
 * Formats the KRaft storage once, with a SCRAM credential for every principal of the access plan; a formatted
 * directory is reused so topics survive restarts. KRaft takes SCRAM users at format time; when the plan's
 * principals changed (an office added) or the data predates TLS and SCRAM, the local data is made anew.
 */
export const prepareNode = (t, b, security) => {
  const dir = nodeDir(t, b);
  const config = join(dir, 'server.properties');
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  writeFileSync(config, serverProperties(t, b, security), { mode: 0o600 });
  const credentials = t.plaintext ? {} : security.credentials;
  const users = t.plaintext ? 'plaintext' : Object.keys(credentials).sort().join('\n');
  const formatted = existsSync(join(dir, 'data', 'meta.properties'));
  const current = existsSync(securedMarker(t, b)) && readFileSync(securedMarker(t, b), 'utf8') === users;
  if (formatted && !current) {
    console.log(`kafka node ${b.nodeId}: principals changed or data predates TLS/SCRAM; making the local data anew`);
    rmSync(join(dir, 'data'), { recursive: true, force: true });
  }
  if (!formatted || !current) {
    const scram = Object.entries(credentials).flatMap(([name, password]) => [
      '--add-scram',
      `SCRAM-SHA-512=[name=${name},password=${password}]`,
    ]);
    execFileSync(
      'java',
      java(t, b, 'kafka.tools.StorageTool', ['format', '-t', CLUSTER_ID[t.name], '-c', config, ...scram]),
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    writeFileSync(securedMarker(t, b), users);
  }
  return config;
};

export const kafkaCommand = (t, b, config) => ({
  command: 'java',
  args: java(t, b, 'kafka.Kafka', [config]),
  cwd: nodeDir(t, b),
  logFile: kafkaLogFile(t, b),
  pidFile: kafkaPidFile(t, b),
});
