export const LAG_MONITOR = Symbol('LagMonitor');
export const LAG_METRICS = Symbol('LagMetrics');
export const DEADLINE_MONITOR = Symbol('DeadlineMonitor');
export const DEAD_LETTER_TALLY = Symbol('DeadLetterTally');
