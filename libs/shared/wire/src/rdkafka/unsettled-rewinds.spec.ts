import { UnsettledRewinds } from './unsettled-rewinds';

describe('unsettled rewinds (a commit whose end is unknown, librdkafka)', () => {
  it('goes on from the committed offset where the lost commit took effect, and from the rewind where not', () => {
    const rewinds = new UnsettledRewinds();
    rewinds.rewind({ topic: 'in', partition: 0, offset: 100 });
    rewinds.rewind({ topic: 'in', partition: 1, offset: 40 });
    expect(rewinds.partitions()).toEqual([
      { topic: 'in', partition: 0 },
      { topic: 'in', partition: 1 },
    ]);
    const ahead = rewinds.settle([
      { topic: 'in', partition: 0, offset: 150 },
      { topic: 'in', partition: 1, offset: 40 },
    ]);
    expect(ahead).toEqual([{ topic: 'in', partition: 0, offset: 150 }]);
    expect(rewinds.pending).toBe(false);
  });

  it('keeps the lower of two rewinds of one partition before settling', () => {
    const rewinds = new UnsettledRewinds();
    rewinds.rewind({ topic: 'in', partition: 0, offset: 100 });
    rewinds.rewind({ topic: 'in', partition: 0, offset: 120 });
    rewinds.rewind({ topic: 'in', partition: 0, offset: 90 });
    expect(rewinds.settle([{ topic: 'in', partition: 0, offset: 100 }])).toEqual([
      { topic: 'in', partition: 0, offset: 100 },
    ]);
  });

  it('never moves a partition without a committed offset, nor one it did not rewind', () => {
    const rewinds = new UnsettledRewinds();
    rewinds.rewind({ topic: 'in', partition: 0, offset: 0 });
    expect(
      rewinds.settle([
        { topic: 'in', partition: 0, offset: -1001 },
        { topic: 'other', partition: 0, offset: 500 },
      ]),
    ).toEqual([]);
  });

  it('forgets everything when the group takes the partitions away', () => {
    const rewinds = new UnsettledRewinds();
    rewinds.rewind({ topic: 'in', partition: 0, offset: 7 });
    expect(rewinds.pending).toBe(true);
    rewinds.clear();
    expect(rewinds.pending).toBe(false);
    expect(rewinds.settle([{ topic: 'in', partition: 0, offset: 9 }])).toEqual([]);
  });
});
