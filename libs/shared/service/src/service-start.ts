import { ConsoleLogger, type LogLevel } from '@nestjs/common';

const LEVELS: Record<string, LogLevel[]> = {
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
};

/** Exit code for a deployment error (BSD EX_CONFIG): restarting the same configuration will not help. */
export const EX_CONFIG = 78;

/**
 * The start of every service's main.ts: a JSON logger named after the service, and its configuration read
 * once, or the process ends with EX_CONFIG and the list of wrong variables.
 */
export const bootstrapService = <C extends { KSB_LOG_LEVEL: string }>(
  service: string,
  loadConfig: () => C,
): { logger: ConsoleLogger; config: C } => {
  const logger = new ConsoleLogger(service, { json: true });
  try {
    const config = loadConfig();
    logger.setLogLevels(LEVELS[config.KSB_LOG_LEVEL] ?? LEVELS['log']);
    return { logger, config };
  } catch (error) {
    logger.fatal((error as Error).message);
    process.exit(EX_CONFIG);
  }
};
