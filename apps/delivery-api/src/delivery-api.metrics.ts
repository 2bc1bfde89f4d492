import { getHeapStatistics } from 'node:v8';
import { Counter, Gauge, Registry } from 'prom-client';

/**
 * What the delivery API does on its own, without a request to show it: retiring the keys of accepted
 * deliveries, and leaving out deliveries it cannot open. A round that fails keeps personal data readable past
 * its period, and a delivery left out never reaches its office, while the API goes on serving and stays ready;
 * nothing else would say so. deploy/k8s/monitoring alerts on these (lifecycle-alerts, feed-alerts); its feeds'
 * skipped records are counted on the same registry (feedSkips).
 *
 * The API holds every delivery and every case of its topics' retention in memory (ADR 0015), so its heap grows
 * with them until V8 stops it; what it holds and how full its heap is come with every scrape, for the alert
 * that warns before a restart loop would (deploy/k8s/monitoring/memory-alerts.yaml).
 */
export class DeliveryApiMetrics {
  readonly registry = new Registry();

  constructor(held: { readonly deliveries: () => number; readonly cases: () => number }) {
    const atScrape = (name: string, help: string, read: () => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(read());
        },
      });
    atScrape(
      'ksb_delivery_api_deliveries_held',
      "Deliveries this instance holds and serves (every office, the delivery topics' retention)",
      held.deliveries,
    );
    atScrape(
      'ksb_delivery_api_cases_held',
      "Cases whose status trail this instance holds (the audit trail's retention)",
      held.cases,
    );
    atScrape(
      'ksb_delivery_api_heap_used_ratio',
      'V8 heap in use over the heap limit (--max-old-space-size): at 1 the API stops with a heap error',
      () => {
        const heap = getHeapStatistics();
        return heap.used_heap_size / heap.heap_size_limit;
      },
    );
  }

  readonly retirementSucceededAt = new Gauge({
    name: 'ksb_delivery_key_retirement_last_success_timestamp_seconds',
    help: 'When a round of key retirement after acceptance last completed (0: not yet since start)',
    registers: [this.registry],
  });
  readonly retirementFailures = new Counter({
    name: 'ksb_delivery_key_retirement_failures_total',
    help: 'Rounds of key retirement after acceptance that failed and are tried again next round',
    registers: [this.registry],
  });
  readonly keysRetired = new Counter({
    name: 'ksb_delivery_keys_retired_total',
    help: 'Delivery keys retired after acceptance',
    registers: [this.registry],
  });
  readonly deliveriesUnreadable = new Counter({
    name: 'ksb_delivery_unreadable_total',
    help: 'Deliveries on an office topic the API could not open and left out of its inbox (keys retired or erased on purpose not counted), by office and reason code',
    labelNames: ['office_id', 'reason'] as const,
    registers: [this.registry],
  });
}
