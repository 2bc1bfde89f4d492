import type { CanaryProbe } from '@ksb/contracts';
import { stampHop } from './canary-forward';

describe('stampHop', () => {
  it('appends the hop and leaves the probe otherwise untouched', () => {
    const probe: CanaryProbe = {
      probeId: 'p',
      route: 'r',
      sentAt: '2026-11-21T05:00:00.000Z',
      hops: [{ service: 'gateway', at: '2026-11-21T05:00:00.010Z' }],
    };
    expect(stampHop(probe, 'router', new Date('2026-11-21T05:00:00.020Z'))).toEqual({
      ...probe,
      hops: [
        { service: 'gateway', at: '2026-11-21T05:00:00.010Z' },
        { service: 'router', at: '2026-11-21T05:00:00.020Z' },
      ],
    });
    expect(probe.hops).toHaveLength(1);
  });
});
