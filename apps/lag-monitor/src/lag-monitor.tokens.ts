export const LAG_MONITOR = Symbol('LagMonitor');
export const LAG_METRICS = Symbol('LagMetrics');
