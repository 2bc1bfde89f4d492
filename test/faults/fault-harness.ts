import { DEAD_LETTER_HEADER } from '@ksb/contracts';
import { appendFileSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { verifyAuditLog } from '@ksb/audit-feature';
import type { MonitorSnapshot } from '@ksb/operations-feature';
import {
  auditWriterEnv,
  everyServiceReady,
  freePort,
  probeHealth,
  startDeliveryApi,
  startGateway,
  startService,
  TestBroker,
  uniqueGroupId,
  waitUntil,
  type CollectedMessage,
  type RunningService,
  type TestGateway,
  type StackSettings,
} from '@ksb/testing-broker';
import { auditKeys } from '../broker/audit/audit-keys';
import { exampleContent, POLICE_EXAMPLE } from '../broker/ingest/example-events';
import { createPipelineTopics } from '../broker/pipeline-topics';

/**
 * The pipeline's stages, the delivery API the offices read them through (it follows every delivery topic) and
 * the lag monitor that tells the operator whether they flow: a monitor that stays red, or green with a stale
 * report, after a fault would hide the next one.
 */
export type Stage = 'router' | 'redactor' | 'audit-writer' | 'delivery-api' | 'lag-monitor';
export const STAGES: readonly Stage[] = ['router', 'redactor', 'audit-writer', 'delivery-api', 'lag-monitor'];
/** The example notification goes to both Jugendämter; both topics are counted. */
export const OFFICES = ['ja-stadt-hilden', 'ja-stadt-erkrath'] as const;

export interface ScenarioResult {
  readonly scenario: string;
  readonly topology: string;
  /** Node options every service ran with (KSB_SERVICE_NODE_ARGS), e.g. a heap cap: part of what was tested. */
  readonly serviceNodeArgs?: string;
  /** The stages' Kafka client when not the default (KSB_STAGE_KAFKA_CLIENT): another loop, another test. */
  readonly stageKafkaClient?: string;
  readonly offeredPerSecond: number;
  readonly streamSeconds: number;
  readonly accepted: number;
  readonly lost: number;
  readonly duplicated: number;
  /** From the end of the fault until every stage answered ready again. */
  readonly recoverySeconds: number;
  /** From the end of the fault until every accepted event was delivered to both offices. */
  readonly catchUpSeconds: number;
  /** How long each stage's readiness was red during the run. */
  readonly redSeconds: Record<string, number>;
  readonly exits: Record<string, string>;
  readonly deadLetters: number;
  /**
   * What the lag monitor said once the run had caught up: the status of the run's router and redactor groups
   * in a report taken after the fault, and canary round trips that arrived after the fault.
   */
  readonly monitor: MonitorVerdict;
  /** Second copies of an event (a client retry that landed twice) the router stopped as DUPLICATE_EVENT. */
  readonly duplicatesStopped: number;
  /** Events the gateway wrote to ingest more than once (a client retry after an ambiguous failure). */
  readonly ingestDuplicated: number;
  /** Deliveries on the office topics that the delivery API did not list to their office by the end. */
  readonly notServed: number;
  readonly auditVerified: boolean;
  /** What verify said where it failed. */
  readonly auditProblem?: string;
  /** Where each lost event is (or is not) to be found along the way: the first ten, to say which hop lost it. */
  readonly lostTrace?: string[];
}

export interface MonitorVerdict {
  readonly groups: Record<string, string>;
  readonly reportAfterFault: boolean;
  readonly canaryArrivedAfterFault: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Concurrent requests of the test's agency client, like a real client's connection pool. */
const CLIENT_CONNECTIONS = 64;

/**
 * One fault scenario: its own topics and groups on the cluster, the gateway and the three stages as
 * processes, a steady stream of notifications through the gateway (a client that retries with the same
 * event id, as an agency system would), readiness sampled twice a second, and the count per office topic.
 */
export class FaultRun {
  readonly broker: TestBroker;
  readonly stages = new Map<Stage, RunningService>();
  private readonly stageEnv = new Map<Stage, Record<string, string>>();
  private gateway?: TestGateway;
  /** The running delivery API, with the offices' keys it was started with (a restart issues new ones). */
  private deliveryApi?: TestGateway;
  private readonly keys = auditKeys('caller');
  private readonly accepted = new Set<string>();
  private readonly red = new Map<string, number>();
  private sampling = false;
  private sampler?: Promise<void>;
  private readonly exits = new Map<string, string>();
  private canaryGroup?: string;

  constructor(
    readonly scenario: string,
    readonly settings: StackSettings,
  ) {
    this.broker = new TestBroker({
      brokers: settings.brokers,
      registryUrl: settings.registryUrl,
      replicationFactor: settings.replicationFactor,
    });
  }

  async start(): Promise<void> {
    await createPipelineTopics(this.broker);
    this.gateway = await startGateway(this.broker, ['kpb-mettmann'], {
      KSB_GATEWAY_RATE_BURST: '100000',
      KSB_GATEWAY_RATE_PER_SECOND: '100000',
    });
    for (const stage of STAGES) {
      if (stage === 'router' || stage === 'redactor')
        this.stageEnv.set(
          stage,
          this.broker.serviceEnv({ [`KSB_${stage.toUpperCase()}_GROUP_ID`]: uniqueGroupId(stage) }),
        );
      if (stage === 'audit-writer') this.stageEnv.set(stage, auditWriterEnv(this.broker, this.keys.privateKeyFile));
      await this.startStage(stage);
    }
    this.sampling = true;
    this.sampler = this.sample();
  }

  /** Starts a stage (again) with the same group and ids, as its supervisor would after a crash. */
  async startStage(stage: Stage): Promise<RunningService> {
    const service =
      stage === 'delivery-api'
        ? await this.startDeliveryApi()
        : stage === 'lag-monitor'
          ? await this.startLagMonitor()
          : await this.startPipelineStage(stage);
    this.stages.set(stage, service);
    void service.exit.then((exit) => this.exits.set(`${stage}@${service.pid}`, `${exit.signal ?? exit.code}`));
    return service;
  }

  private async startPipelineStage(stage: Exclude<Stage, 'delivery-api' | 'lag-monitor'>): Promise<RunningService> {
    const prefix = stage === 'audit-writer' ? 'KSB_AUDIT' : `KSB_${stage.toUpperCase()}`;
    const env = { ...this.stageEnv.get(stage), [`${prefix}_PORT`]: String(await freePort()) };
    return startService(stage, env, 60_000);
  }

  /** Polls each second, so that its report is fresh within the run; its canary runs through the run's stages. */
  private async startLagMonitor(): Promise<RunningService> {
    this.canaryGroup ??= uniqueGroupId('canary');
    const env = this.broker.serviceEnv({
      KSB_LAG_PORT: String(await freePort()),
      KSB_LAG_POLL_MS: '1000',
      KSB_LAG_WINDOW_MS: '10000',
      KSB_CANARY_INTERVAL_MS: '1000',
      KSB_CANARY_GROUP_ID: this.canaryGroup,
    });
    return startService('lag-monitor', env, 60_000);
  }

  /**
   * Waits until the monitor's report, taken after the fault, shows the run's router and redactor groups OK
   * and a canary that made the round trip after it; on time-out, says what the monitor showed last.
   */
  private async monitorVerdict(faultEnded: number): Promise<MonitorVerdict> {
    const port = this.stage('lag-monitor').env.KSB_LAG_PORT;
    const watched = (['router', 'redactor'] as const).map(
      (stage) => [stage, this.stageEnv.get(stage)?.[`KSB_${stage.toUpperCase()}_GROUP_ID`] ?? stage] as const,
    );
    const verdict = async (): Promise<MonitorVerdict> => {
      const snapshot = (await (
        await fetch(`http://127.0.0.1:${port}/api/lag`, { signal: AbortSignal.timeout(5000) })
      ).json()) as MonitorSnapshot;
      const status = (id: string) => snapshot.lag.groups.find((g) => g.groupId === id)?.status ?? 'not reported';
      return {
        groups: Object.fromEntries(watched.map(([stage, groupId]) => [stage, status(groupId)])),
        reportAfterFault: snapshot.lag.at > faultEnded,
        canaryArrivedAfterFault:
          snapshot.canary.routes.length > 0 && snapshot.canary.routes.every((r) => (r.lastArrivalAt ?? 0) > faultEnded),
      };
    };
    const answered = (v: MonitorVerdict) =>
      v.reportAfterFault && v.canaryArrivedAfterFault && Object.values(v.groups).every((g) => g === 'OK');
    return waitUntil(verdict, answered, { what: 'the lag monitor reporting the pipeline OK', timeoutMs: 90_000 }).catch(
      () => verdict(),
    );
  }

  private async startDeliveryApi(): Promise<RunningService> {
    this.deliveryApi = await startDeliveryApi(this.broker, OFFICES);
    return this.deliveryApi.service;
  }

  /**
   * Deliveries on the office topics that the delivery API does not list to their office: each office pages
   * through its list as its software would, until the API has read as far as the topic holds.
   */
  private async notServed(onTopic: ReadonlyMap<string, ReadonlySet<string>>): Promise<number> {
    const api = this.deliveryApi;
    if (!api) throw new Error('the delivery API is not running');
    const listed = async (office: string) => {
      const ids = new Set<string>();
      for (let after: string | undefined; ;) {
        const response = await fetch(`${api.baseUrl}/v1/deliveries${after ? `?after=${after}` : ''}`, {
          headers: { 'x-api-key': api.keys[office] },
        });
        if (!response.ok) throw new Error(`the delivery API answered ${office}'s list with ${response.status}`);
        const page = (await response.json()) as { deliveries: { id: string }[]; cursor: string };
        if (page.deliveries.length === 0) return ids;
        for (const d of page.deliveries) ids.add(d.id);
        after = page.cursor;
      }
    };
    const missing = async () => {
      let n = 0;
      for (const office of OFFICES) {
        const served = await listed(office);
        n += [...(onTopic.get(office) ?? [])].filter((id) => !served.has(id)).length;
      }
      return n;
    };
    return waitUntil(missing, (n) => n === 0, {
      what: 'every delivery listed by the delivery API',
      timeoutMs: 120_000,
      intervalMs: 2000,
    }).catch(() => missing());
  }

  stage(stage: Stage): RunningService {
    const service = this.stages.get(stage);
    if (!service) throw new Error(`${stage} is not running`);
    return service;
  }

  /** Offers `perSecond` events for `seconds`; resolves when the last one was accepted or given up on. */
  async stream(perSecond: number, seconds: number, during?: () => Promise<void>): Promise<void> {
    const pending: Promise<void>[] = [];
    const started = Date.now();
    const fault = during?.();
    for (let tick = 0; Date.now() - started < seconds * 1000; tick++) {
      const due = Math.floor(((Date.now() - started) / 1000) * perSecond) - pending.length;
      for (let i = 0; i < due; i++) pending.push(this.whenFree().then(() => this.send()));
      await sleep(20);
    }
    await fault;
    await Promise.all(pending);
  }

  /**
   * An agency system holds a bounded pool of connections. Without a bound, every request the gateway could not
   * answer at once opened one more socket: thousands during a leader election, until the test process ran
   * out of file descriptors and the gateway's accept queue overflowed.
   */
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private async whenFree(): Promise<void> {
    if (this.inFlight >= CLIENT_CONNECTIONS) await new Promise<void>((r) => this.waiting.push(r));
    this.inFlight++;
  }
  private released(): void {
    this.inFlight--;
    this.waiting.shift()?.();
  }

  private async send(): Promise<void> {
    try {
      await this.sendOne();
    } finally {
      this.released();
    }
  }

  private async sendOne(): Promise<void> {
    const eventId = randomUUID();
    const body = JSON.stringify({ ...exampleContent(POLICE_EXAMPLE), envelope: { eventId } });
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        const response = await fetch(`${this.gateway?.baseUrl}/v1/events/police-notification`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': this.gateway?.keys['kpb-mettmann'] ?? '' },
          body,
          signal: AbortSignal.timeout(30_000),
        });
        if (response.status === 202) {
          this.accepted.add(eventId);
          return;
        }
        await response.arrayBuffer();
      } catch {
        // Timed out or refused: the client tries again with the same event id, which the gateway dedupes.
      }
      await sleep(500 * (attempt + 1));
    }
  }

  private async sample(): Promise<void> {
    while (this.sampling) {
      const started = Date.now();
      await Promise.all(
        [...this.stages].map(async ([name, service]) => {
          if ((await probeHealth(service, 'ready')).status !== 200) this.red.set(name, (this.red.get(name) ?? 0) + 0.5);
        }),
      );
      await sleep(Math.max(0, 500 - (Date.now() - started)));
    }
  }

  /** Seconds until every stage answers ready, counted from `since`. */
  async recovered(since: number): Promise<number> {
    await everyServiceReady([...this.stages.values()], { what: 'every stage ready', timeoutMs: 180_000 });
    return (Date.now() - since) / 1000;
  }

  /** Waits until every accepted event reached both offices, then counts lost and duplicated per office. */
  async settle(since: number) {
    const delivered = async () => {
      const counts = await Promise.all(
        OFFICES.map(async (office) => {
          const offsets = await this.broker.wire.withAdmin((admin) =>
            admin.fetchTopicOffsets(this.broker.topic(`ksb.delivery.${office}`)),
          );
          return offsets.reduce((n, p) => n + Number(p.high), 0);
        }),
      );
      return Math.min(...counts);
    };
    // Offsets count commit markers too: this says "about there"; the exact count is read below.
    await waitUntil(delivered, (n) => n >= this.accepted.size, {
      what: `${this.accepted.size} deliveries per office`,
      timeoutMs: 300_000,
      intervalMs: 1000,
    }).catch(() => undefined);
    let lost = 0;
    let duplicated = 0;
    const missing = new Set<string>();
    const doubled: string[] = [];
    const deliveryIds = new Map<string, Set<string>>();
    for (const office of OFFICES) {
      // Only deliveries count: the poison scenario also writes records without ids to this office's topic.
      const records = (await this.broker.readAll(`ksb.delivery.${office}`, 4000, 300_000)).filter(
        (r) => r.header('ksb-source-event-id') !== undefined,
      );
      deliveryIds.set(office, new Set(records.map((r) => r.header('ksb-event-id') ?? '')));
      const seen = new Map<string, string[]>();
      for (const r of records) {
        const id = r.header('ksb-source-event-id') ?? '';
        seen.set(id, [...(seen.get(id) ?? []), `${r.partition}@${r.message.offset}`]);
      }
      const notHere = [...this.accepted].filter((id) => !seen.has(id));
      lost += notHere.length;
      for (const id of notHere) missing.add(`${office} ${id}`);
      for (const [id, at] of seen) {
        if (at.length < 2) continue;
        duplicated += at.length - 1;
        doubled.push(`${office} ${id} at ${at.join(', ')}`);
      }
    }
    // Where copies sit says which stage wrote twice: an operator can match offsets with the stage's log.
    if (doubled.length > 0)
      process.stdout.write(`duplicated in ${this.scenario}:\n${doubled.slice(0, 10).join('\n')}\n`);
    return { lost, duplicated, missing, deliveryIds, catchUpSeconds: (Date.now() - since) / 1000 };
  }

  /** For each missing delivery: its copies on ingest and routed, and the dead letters that name it. */
  private async trace(missing: Set<string>, letters: CollectedMessage[]): Promise<string[]> {
    const wanted = [...missing].slice(0, 10);
    if (wanted.length === 0) return [];
    const ids = new Set(wanted.map((m) => m.split(' ')[1]));
    const where = async (logical: string, header: string) =>
      (await this.broker.readAll(logical, 4000, 300_000))
        .filter((r) => ids.has(r.header(header) ?? ''))
        .map((r) => ({ id: r.header(header) ?? '', at: `${logical}[${r.partition}]@${r.message.offset}` }));
    const found = [
      ...(await where('ksb.ingest.police-notification', 'ksb-event-id')),
      ...(await where('ksb.routed.police-notification', 'ksb-causation-id')),
      ...letters
        .filter((l) => ids.has(l.header('ksb-event-id') ?? ''))
        .map((l) => ({
          id: l.header('ksb-event-id') ?? '',
          at: `dead letter ${l.header(DEAD_LETTER_HEADER.reasonCode)} from ${l.header(DEAD_LETTER_HEADER.topic)}[${l.header(DEAD_LETTER_HEADER.partition)}]@${l.header(DEAD_LETTER_HEADER.offset)} by ${l.header(DEAD_LETTER_HEADER.failedService)}`,
        })),
    ];
    return wanted.map((m) => {
      const id = m.split(' ')[1];
      const seenAt = found.filter((f) => f.id === id).map((f) => f.at);
      return `${m}: ${seenAt.join(', ') || 'nowhere'}`;
    });
  }

  async finish(result: {
    offeredPerSecond: number;
    streamSeconds: number;
    faultEnded: number;
    recoverySeconds: number;
  }): Promise<ScenarioResult> {
    const { lost, duplicated, missing, deliveryIds, catchUpSeconds } = await this.settle(result.faultEnded);
    const notServed = await this.notServed(deliveryIds);
    const monitor = await this.monitorVerdict(result.faultEnded);
    this.sampling = false;
    await this.sampler;
    const letters = await this.broker.readAll('ksb.ops.dead-letter', 2000, 60_000);
    const duplicatesStopped = letters.filter(
      (l) => l.header(DEAD_LETTER_HEADER.reasonCode) === 'DUPLICATE_EVENT',
    ).length;
    const deadLetters = letters.length - duplicatesStopped;
    const ingestIds = (await this.broker.readAll('ksb.ingest.police-notification', 4000, 300_000))
      .map((r) => r.header('ksb-event-id'))
      .filter((id): id is string => id !== undefined);
    const ingestDuplicated = ingestIds.length - new Set(ingestIds).size;
    const lostTrace = await this.trace(missing, letters);
    if (lostTrace.length > 0) process.stdout.write(`lost in ${this.scenario}:\n${lostTrace.join('\n')}\n`);
    // The writer signs its tail within its checkpoint interval; verify once that has passed.
    await sleep(3000);
    const verdicts = await verifyAuditLog(this.broker.wire, this.keys.publicKey).catch((e: Error) => e);
    const auditVerified = !(verdicts instanceof Error) && verdicts.every((v) => v.verdict.ok);
    const auditProblem =
      verdicts instanceof Error
        ? verdicts.message
        : verdicts
            .filter((v) => !v.verdict.ok)
            .map((v) => `partition ${v.partition}: ${JSON.stringify(v.verdict)}`)
            .join('; ') || undefined;
    const scenario: ScenarioResult = {
      scenario: this.scenario,
      topology: this.settings.topology,
      ...(process.env.KSB_SERVICE_NODE_ARGS ? { serviceNodeArgs: process.env.KSB_SERVICE_NODE_ARGS } : {}),
      ...(process.env.KSB_STAGE_KAFKA_CLIENT ? { stageKafkaClient: process.env.KSB_STAGE_KAFKA_CLIENT } : {}),
      offeredPerSecond: result.offeredPerSecond,
      streamSeconds: result.streamSeconds,
      accepted: this.accepted.size,
      lost,
      duplicated,
      recoverySeconds: Math.round(result.recoverySeconds * 10) / 10,
      catchUpSeconds: Math.round(catchUpSeconds * 10) / 10,
      redSeconds: Object.fromEntries(this.red),
      exits: Object.fromEntries(this.exits),
      deadLetters,
      duplicatesStopped,
      ingestDuplicated,
      notServed,
      monitor,
      auditVerified,
      auditProblem,
      ...(lostTrace.length > 0 ? { lostTrace } : {}),
    };
    if (process.env.KSB_FAULT_RESULTS) appendFileSync(process.env.KSB_FAULT_RESULTS, `${JSON.stringify(scenario)}\n`);
    return scenario;
  }

  async close(): Promise<void> {
    this.sampling = false;
    await this.sampler;
    await Promise.all([...this.stages.values(), ...(this.gateway ? [this.gateway.service] : [])].map((s) => s.kill()));
    await this.broker.close();
    rmSync(this.keys.dir, { recursive: true, force: true });
  }
}
