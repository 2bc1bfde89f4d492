import { Counter, Registry } from 'prom-client';

/** Deliveries per recipient office, removed/withheld field counts, dead letters per reason. */
export class RedactorMetrics {
  readonly registry = new Registry();
  readonly deliveries = new Counter({
    name: 'ksb_redaction_deliveries_total',
    help: 'Deliveries written, per recipient office',
    labelNames: ['office'],
    registers: [this.registry],
  });
  readonly removed = new Counter({
    name: 'ksb_redaction_removed_fields_total',
    help: 'Field paths removed or withheld, per kind',
    labelNames: ['kind'],
    registers: [this.registry],
  });
  readonly deadLetters = new Counter({
    name: 'ksb_redaction_dead_letters_total',
    help: 'Routed events dead-lettered, per reason code',
    labelNames: ['reason'],
    registers: [this.registry],
  });
}
