import { Counter, Gauge, Registry } from 'prom-client';

/**
 * What the delivery API does on its own, without a request to show it: retiring the keys of accepted
 * deliveries, and leaving out deliveries it cannot open. A round that fails keeps personal data readable past
 * its period, and a delivery left out never reaches its office, while the API goes on serving and stays ready;
 * nothing else would say so. deploy/k8s/monitoring alerts on these (lifecycle-alerts, feed-alerts); its feeds'
 * skipped records are counted on the same registry (feedSkips).
 */
export class DeliveryApiMetrics {
  readonly registry = new Registry();
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
