import { stampHop, type CanaryProbe } from './canary-probe';

describe('stampHop', () => {
  it('appends the hop and leaves the probe otherwise untouched', () => {
    const probe: CanaryProbe = { probeId: 'p', route: 'r', sentAt: 1, hops: [{ service: 'gateway', at: 2 }] };
    expect(stampHop(probe, 'router', 3)).toEqual({
      ...probe,
      hops: [
        { service: 'gateway', at: 2 },
        { service: 'router', at: 3 },
      ],
    });
    expect(probe.hops).toHaveLength(1);
  });
});
