import { DeliveryApiMetrics } from './delivery-api.metrics';

const sample = (text: string, name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);

describe('DeliveryApiMetrics', () => {
  it('reports what the API holds and how full its heap is at each scrape, not at start-up', async () => {
    let deliveries = 0;
    const metrics = new DeliveryApiMetrics({ deliveries: () => deliveries, cases: () => 7 });
    expect(sample(await metrics.registry.metrics(), 'ksb_delivery_api_deliveries_held')).toBe(0);
    deliveries = 53_196;
    const text = await metrics.registry.metrics();
    expect(sample(text, 'ksb_delivery_api_deliveries_held')).toBe(53_196);
    expect(sample(text, 'ksb_delivery_api_cases_held')).toBe(7);
    const heap = sample(text, 'ksb_delivery_api_heap_used_ratio');
    expect(heap).toBeGreaterThan(0);
    expect(heap).toBeLessThan(1);
  });
});
