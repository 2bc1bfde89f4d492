import type { Consumer } from 'kafkajs';
import { CommittedOffsets } from './committed-offsets';
import { ControlRecordCommits } from './control-record-commits';

/** The two things ControlRecordCommits uses of a consumer: its end-of-batch event and commitOffsets. */
const consumer = () => {
  const listeners: ((e: { payload: object }) => void)[] = [];
  const commits: { topic: string; partition: number; offset: string }[][] = [];
  const fake = {
    events: { END_BATCH_PROCESS: 'end-batch' },
    on: (_: string, listener: (e: { payload: object }) => void) => listeners.push(listener),
    commitOffsets: async (offsets: { topic: string; partition: number; offset: string }[]) => {
      commits.push(offsets);
    },
  };
  const endBatch = (payload: object) => listeners.forEach((l) => l({ payload }));
  return { fake: fake as unknown as Consumer, commits, endBatch };
};

describe('ControlRecordCommits', () => {
  it('commits past a batch of markers only', async () => {
    const { fake, commits, endBatch } = consumer();
    const markers = new ControlRecordCommits(fake, new CommittedOffsets());
    endBatch({ topic: 't', partition: 0, batchSize: 0, lastOffset: '41' });
    endBatch({ topic: 't', partition: 0, batchSize: 3, lastOffset: '45' });
    await markers.settled('t', 0);
    expect(commits).toEqual([[{ topic: 't', partition: 0, offset: '42' }]]);
  });

  it('never commits a stale batch below what a transaction of this process committed', async () => {
    const { fake, commits, endBatch } = consumer();
    const committed = new CommittedOffsets();
    committed.committed('t', 0, '100');
    const markers = new ControlRecordCommits(fake, committed);
    endBatch({ topic: 't', partition: 0, batchSize: 0, lastOffset: '41' });
    endBatch({ topic: 't', partition: 0, batchSize: 0, lastOffset: '99' });
    await markers.settled('t', 0);
    expect(commits).toEqual([]);
    endBatch({ topic: 't', partition: 0, batchSize: 0, lastOffset: '100' });
    await markers.settled('t', 0);
    expect(commits).toEqual([[{ topic: 't', partition: 0, offset: '101' }]]);
  });
});
