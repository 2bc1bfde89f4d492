import { Counter, Gauge, Registry } from 'prom-client';

/** The router's Prometheus metrics: decisions per rule, dead letters per reason, directory in use. */
export class RouterMetrics {
  readonly registry = new Registry();
  readonly decisions = new Counter({
    name: 'ksb_routing_decisions_total',
    help: 'Recipients decided, per rule',
    labelNames: ['rule'],
    registers: [this.registry],
  });
  readonly deadLetters = new Counter({
    name: 'ksb_routing_dead_letters_total',
    help: 'Events dead-lettered, per reason code',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  readonly directory = new Gauge({
    name: 'ksb_routing_directory_info',
    help: 'Directory version in use (value 1)',
    labelNames: ['version'],
    registers: [this.registry],
  });

  directoryInUse(version: string): void {
    this.directory.reset();
    this.directory.set({ version }, 1);
  }
}
