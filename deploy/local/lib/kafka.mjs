// One KRaft node (broker and controller combined); the cluster is three of them sharing a static quorum.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kafkaHome, runDir, logDir, localDir } from './paths.mjs';

const CLUSTER_ID = { single: 'a3NiLWxvY2FsLXNpbmdsZQ', cluster: 'a3NiLWxvY2FsLWNsdXN0ZQ' };

const nodeDir = (t, b) => join(runDir, t.name, `kafka-${b.nodeId}`);
export const kafkaLogFile = (t, b) => join(logDir, `${t.name}-kafka-${b.nodeId}.log`);
export const kafkaPidFile = (t, b) => join(runDir, t.name, `kafka-${b.nodeId}.pid`);

const serverProperties = (t, b) => {
  const voters = t.brokers.map((n) => `${n.nodeId}@127.0.0.1:${n.controllerPort}`).join(',');
  const rf = t.replicationFactor;
  return [
    'process.roles=broker,controller',
    `node.id=${b.nodeId}`,
    `controller.quorum.voters=${voters}`,
    `listeners=PLAINTEXT://127.0.0.1:${b.port},CONTROLLER://127.0.0.1:${b.controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${b.port}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${join(nodeDir(t, b), 'data')}`,
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
  `-Dlog4j2.configurationFile=${join(localDir, 'log4j2.properties')}`,
  `-Dksb.log.file=${kafkaLogFile(t, b)}`,
  '-cp',
  classpath(),
  mainClass,
  ...args,
];

/** Formats the KRaft storage once; a formatted directory is reused so topics survive restarts. */
export const prepareNode = (t, b) => {
  const dir = nodeDir(t, b);
  const config = join(dir, 'server.properties');
  mkdirSync(dir, { recursive: true });
  writeFileSync(config, serverProperties(t, b));
  if (!existsSync(join(dir, 'data', 'meta.properties'))) {
    execFileSync('java', java(t, b, 'kafka.tools.StorageTool', ['format', '-t', CLUSTER_ID[t.name], '-c', config]), {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
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
