import { isProducerFenced } from '@ksb/wire';

export interface ClaimAtStartOptions {
  readonly attempts: number;
  readonly pauseMs: number;
  readonly log: (entry: object) => void;
}

/**
 * Claims the transactional id for a writer that is starting. Its claim races the running writer's own end of
 * transaction in the coordinator, and Kafka can then answer the starter's InitProducerId with an epoch error
 * (CI, audit-writer-single: CONCURRENT_TRANSACTIONS, then "old epoch", and the new writer exited before it was
 * ready while the old one stopped as fenced — no writer left). A starting writer has read nothing and its purpose
 * is to take the id over, so it claims again; a running writer that is fenced still stops for good.
 */
export async function claimAtStart(claim: () => Promise<void>, options: ClaimAtStartOptions): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await claim();
    } catch (error) {
      if (!isProducerFenced(error) || attempt >= options.attempts) throw error;
      options.log({
        msg: 'claim raced another writer; claiming again',
        attempt,
        error: (error as Error).message,
      });
      await new Promise((r) => setTimeout(r, options.pauseMs));
    }
  }
}
