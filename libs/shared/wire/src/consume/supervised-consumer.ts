import type { Consumer, ConsumerConfig, EachBatchPayload } from 'kafkajs';
import type { ConsumerHandle, ConsumerSettings, RunSettings } from '../port/kafka-client.port';

/** How a stage's consumer heals itself, and when it stops trying (docs/adr/0012-never-stop-silently.md). */
export interface RecoveryPolicy {
  /** First wait before a broken consumer is started again; doubles up to maxBackoffMs. */
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  /** Out of its group this long (crashed, or never rejoined): give up, so the process's supervisor restarts it. */
  readonly giveUpAfterMs: number;
  /** Input handed to the stage this long ago and still not processed: the stage is not live. */
  readonly stallAfterMs: number;
}

export const DEFAULT_RECOVERY: RecoveryPolicy = {
  initialBackoffMs: 500,
  maxBackoffMs: 5000,
  giveUpAfterMs: 120_000,
  stallAfterMs: 120_000,
};

/**
 * A crashed incarnation cannot leave its group while the broker is away, and a broker that comes back loads
 * that member again and holds the next incarnation's join until the member's session has run out: 30 s at
 * kafkajs's default, which kept the router's case follower and the delivery API red for 31–37 s after a 10 s
 * broker stop (fault suite). The followers read in groups of their own, one member each, and heartbeat after
 * every record; the stages' 10 s serves them too. A stage that holds a batch longer sets its own.
 */
const SESSION_TIMEOUT_MS = 10_000;

export type ConsumerState = 'starting' | 'running' | 'recovering' | 'failed' | 'stopped';

/** What a consumer loop knows about itself; `healthOf` turns it into the health answer. */
export interface ConsumerFacts {
  readonly name: string;
  readonly groupId: string;
  readonly state: ConsumerState;
  readonly member: boolean;
  readonly assignedPartitions: number;
  readonly restarts: number;
  readonly lastFetchAt?: number;
  readonly waitingSince?: number;
  readonly lastError?: string;
}

/** What /health/ready and /health/live report per consumer. */
export interface ConsumerHealth extends Omit<ConsumerFacts, 'lastFetchAt' | 'waitingSince'> {
  readonly lastFetchAgoMs?: number;
  readonly waitingForMs?: number;
  /** Member of its group and fetching (or working on a batch): send it work. */
  readonly ready: boolean;
  /** Not given up and not stuck on input: keep it running. */
  readonly live: boolean;
}

/**
 * The freshness rule every loop's readiness shares: fetched (or polled) within three of its waits, and never
 * asked for less than 10 s, so that a broker answering slowly for a moment does not flap the probe.
 */
export const fetchedRecently = (fetchAgoMs: number | undefined, waitMs: number): boolean =>
  fetchAgoMs !== undefined && fetchAgoMs < Math.max(10_000, 3 * waitMs);

/**
 * One health answer for every consumer loop: ready when running, in its group and `fetching` (each loop
 * knows what that means for it); live unless failed or input has waited longer than `stallAfterMs`.
 */
export const healthOf = (
  facts: ConsumerFacts,
  now: number,
  fetching: (fetchAgoMs: number | undefined) => boolean,
  stallAfterMs: number,
  critical = true,
): ConsumerHealth => {
  const { lastFetchAt, waitingSince, ...rest } = facts;
  const fetchAgo = lastFetchAt === undefined ? undefined : now - lastFetchAt;
  const waitingFor = waitingSince === undefined ? undefined : now - waitingSince;
  return {
    ...rest,
    lastFetchAgoMs: fetchAgo,
    waitingForMs: waitingFor,
    ready: critical ? facts.state === 'running' && facts.member && fetching(fetchAgo) : true,
    live: facts.state !== 'failed' && !(waitingFor !== undefined && waitingFor > stallAfterMs),
  };
};

export interface SupervisedConsumerOptions {
  /** Names the consumer in health answers and logs (router, audit-writer, directory-watcher …). */
  readonly name: string;
  readonly config: ConsumerSettings;
  readonly topics: readonly string[];
  readonly fromBeginning: boolean;
  /** Builds the run configuration for each incarnation: a restart gets a fresh kafkajs consumer. */
  readonly run: (consumer: ConsumerHandle) => RunSettings;
  /** Whether the service's readiness depends on this consumer (default true). */
  readonly critical?: boolean;
}

export interface SupervisorHooks {
  /** A new, unconnected client consumer: one per incarnation. */
  readonly newConsumer: (config: ConsumerConfig) => Consumer;
  readonly recovery: RecoveryPolicy;
  readonly log: (entry: object) => void;
  /** The consumer could not recover within the policy's time: end the process, non-zero. */
  readonly onGiveUp: (health: ConsumerHealth) => void;
}

/**
 * A kafkajs consumer that restarts itself. kafkajs restarts only after errors it deems retriable; a lost
 * coordinator after its retries, a produce error inside a batch or a throwing handler leave it disconnected
 * for good while the process looks healthy. Here every crash leads to a new consumer after a backoff, the
 * group's committed offsets say where to go on, and a consumer that stays out of its group past the
 * policy's time gives up loudly. One mechanism for every stage.
 */
export class SupervisedConsumer {
  private consumer?: Consumer;
  private state: ConsumerState = 'starting';
  private member = false;
  private assignedPartitions = 0;
  private restarts = 0;
  private lastFetchAt?: number;
  /** Batches handed over and not yet done; several when partitions are worked in parallel. */
  private processing = 0;
  private waitingSince?: number;
  private brokenSince?: number;
  private lastError?: string;
  private backoffMs: number;
  private restartTimer?: NodeJS.Timeout;
  private watchdog?: NodeJS.Timeout;
  private firstJoin!: () => void;
  /** Resolves when the consumer first joins its group (a prober reading from the end needs its partitions). */
  readonly joined = new Promise<void>((resolve) => (this.firstJoin = resolve));

  constructor(
    private readonly options: SupervisedConsumerOptions,
    private readonly hooks: SupervisorHooks,
  ) {
    this.backoffMs = hooks.recovery.initialBackoffMs;
  }

  get groupId(): string {
    return this.options.config.groupId;
  }

  /** Starts the first incarnation, retrying with backoff like any restart; fails once the policy gives up. */
  async start(): Promise<void> {
    this.brokenSince = Date.now();
    this.watchdog = setInterval(() => this.watch(), 1000);
    this.watchdog.unref();
    for (;;) {
      try {
        await this.incarnate();
        return;
      } catch (error) {
        this.lastError = (error as Error).message;
        await this.consumer?.disconnect().catch(() => undefined);
        if (this.pastGiveUp()) {
          await this.stop();
          throw error;
        }
        await new Promise((r) => setTimeout(r, this.nextBackoff()));
      }
    }
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    clearInterval(this.watchdog);
    clearTimeout(this.restartTimer);
    this.member = false;
    await this.consumer?.disconnect().catch(() => undefined);
  }

  health(now = Date.now()): ConsumerHealth {
    const maxWait = this.options.config.maxWaitTimeInMs ?? 5000;
    return healthOf(
      {
        name: this.options.name,
        groupId: this.groupId,
        state: this.state,
        member: this.member,
        assignedPartitions: this.assignedPartitions,
        restarts: this.restarts,
        lastFetchAt: this.lastFetchAt,
        waitingSince: this.waitingSince,
        lastError: this.lastError,
      },
      now,
      (fetchAgo) => this.processing > 0 || this.assignedPartitions === 0 || fetchedRecently(fetchAgo, maxWait),
      this.hooks.recovery.stallAfterMs,
      this.options.critical ?? true,
    );
  }

  private async incarnate(): Promise<void> {
    const sessionTimeout = this.options.config.sessionTimeout ?? SESSION_TIMEOUT_MS;
    const consumer = this.hooks.newConsumer({
      ...this.options.config,
      sessionTimeout,
      heartbeatInterval: this.options.config.heartbeatInterval ?? Math.floor(sessionTimeout / 3),
      // Restarts are ours alone: one policy, whatever kafkajs thinks of the error. kafkajs's own retries stay
      // short (its backoff grows to 30 s), so a returning broker is found within seconds.
      retry: { retries: 6, maxRetryTime: 3000, ...this.options.config.retry, restartOnFailure: async () => false },
    });
    this.consumer = consumer;
    this.attach(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: [...this.options.topics], fromBeginning: this.options.fromBeginning });
    const { eachBatch, eachMessage, ...run } = this.options.run(consumer);
    await consumer.run({
      ...run,
      eachBatch: eachBatch ? (payload) => this.tracked(payload, eachBatch) : undefined,
      eachMessage: eachMessage ? (payload) => this.trackedWork(() => eachMessage(payload)) : undefined,
    });
    // kafkajs reports a failed join through the crash event, and run() still resolves: 'running' is set by
    // the join alone, and a crash of this incarnation has scheduled the next one already.
  }

  private attach(consumer: Consumer): void {
    const { events } = consumer;
    const current = () => this.consumer === consumer;
    consumer.on(events.GROUP_JOIN, ({ payload }) => {
      if (!current()) return;
      this.member = true;
      this.assignedPartitions = Object.values(payload.memberAssignment).reduce((n, p) => n + p.length, 0);
      this.brokenSince = undefined;
      this.backoffMs = this.hooks.recovery.initialBackoffMs;
      if (this.state === 'recovering')
        this.hooks.log({ msg: 'consumer recovered', consumer: this.options.name, restarts: this.restarts });
      if (this.state !== 'stopped') this.state = 'running';
      this.firstJoin();
    });
    consumer.on(events.FETCH, () => {
      if (current()) this.lastFetchAt = Date.now();
    });
    consumer.on(events.REBALANCING, () => {
      if (current()) this.member = false;
    });
    consumer.on(events.CRASH, ({ payload }) => {
      if (!current() || this.state === 'stopped' || this.state === 'failed') return;
      this.member = false;
      this.processing = 0;
      this.lastError = payload.error.message;
      this.brokenSince ??= Date.now();
      this.state = 'recovering';
      const delay = this.nextBackoff();
      this.hooks.log({
        msg: 'consumer crashed',
        consumer: this.options.name,
        reason: payload.error.message,
        restartInMs: delay,
      });
      this.restartTimer = setTimeout(() => void this.restart(), delay);
    });
  }

  private async restart(): Promise<void> {
    if (this.state !== 'recovering') return;
    this.restarts++;
    await this.consumer?.disconnect().catch(() => undefined);
    try {
      await this.incarnate();
      this.hooks.log({ msg: 'consumer restarted', consumer: this.options.name, restarts: this.restarts });
    } catch (error) {
      this.lastError = (error as Error).message;
      if (this.state !== 'recovering') return;
      const delay = this.nextBackoff();
      this.hooks.log({
        msg: 'consumer restart failed',
        consumer: this.options.name,
        reason: this.lastError,
        retryInMs: delay,
      });
      this.restartTimer = setTimeout(() => void this.restart(), delay);
    }
  }

  /** Gives up when the consumer has been out of its group too long, however that came about. */
  private watch(): void {
    if (this.state === 'stopped' || this.state === 'failed') return;
    if (!this.member) this.brokenSince ??= Date.now();
    if (this.member || !this.pastGiveUp()) return;
    this.state = 'failed';
    clearTimeout(this.restartTimer);
    void this.consumer?.disconnect().catch(() => undefined);
    this.hooks.onGiveUp(this.health());
  }

  private pastGiveUp(): boolean {
    return this.brokenSince !== undefined && Date.now() - this.brokenSince > this.hooks.recovery.giveUpAfterMs;
  }

  private nextBackoff(): number {
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.hooks.recovery.maxBackoffMs);
    return delay;
  }

  /**
   * Input handed over and not yet done starts the stall clock; each resolved offset is progress, and the clock
   * stops only when no batch is left in hand (a stuck partition is not hidden by another that finished).
   */
  private async tracked(payload: EachBatchPayload, eachBatch: NonNullable<RunSettings['eachBatch']>): Promise<void> {
    if (payload.batch.messages.length === 0) return eachBatch(payload);
    return this.trackedWork(() =>
      eachBatch({
        ...payload,
        resolveOffset: (offset: string) => {
          payload.resolveOffset(offset);
          this.waitingSince = Date.now();
        },
      }),
    );
  }

  private async trackedWork(work: () => Promise<void>): Promise<void> {
    const incarnation = this.consumer;
    this.waitingSince ??= Date.now();
    this.processing++;
    let done = false;
    try {
      await work();
      done = true;
    } finally {
      // A crash has reset the count for the next incarnation already.
      if (this.consumer === incarnation) this.processing = Math.max(0, this.processing - 1);
      if (done && this.processing === 0) this.waitingSince = undefined;
    }
  }
}
