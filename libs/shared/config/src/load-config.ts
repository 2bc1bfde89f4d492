import { z } from 'zod';
import { BridgeError } from '@ksb/errors';

export class InvalidConfigError extends BridgeError {
  readonly code = 'INVALID_CONFIG';
  readonly retriable = false;
  constructor(
    readonly appName: string,
    readonly problems: string[],
  ) {
    super(`${appName}: invalid configuration\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Validates the environment once at start-up against the app's schema. Every wrong or missing variable is
 * reported at once, by name, so an operator fixes the deployment in one round instead of one per restart.
 */
export const loadConfig = <S extends z.ZodType>(
  appName: string,
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> => {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? '(environment)');
    const value = env[variable];
    return value === undefined
      ? `${variable} is missing: ${issue.message}`
      : `${variable} is invalid: ${issue.message}`;
  });
  throw new InvalidConfigError(appName, problems);
};
