import { readFileSync } from 'node:fs';
import { InvalidConfigError } from './load-config';

export interface KafkaSecurityVariables {
  readonly KSB_KAFKA_CA_FILE?: string;
  readonly KSB_KAFKA_TLS?: 'true' | 'false';
  readonly KSB_KAFKA_SASL_USERNAME?: string;
  readonly KSB_KAFKA_SASL_PASSWORD?: string;
  readonly KSB_KAFKA_SASL_PASSWORD_FILE?: string;
  readonly KSB_REGISTRY_USERNAME?: string;
  readonly KSB_REGISTRY_PASSWORD_FILE?: string;
}

export interface KafkaSecuritySettings {
  readonly tls: boolean;
  readonly ca?: string;
  readonly sasl?: { readonly username: string; readonly password: string };
  /** The registry's own credential, when it is not `sasl`. */
  readonly registry?: { readonly username: string; readonly password: string };
}

/**
 * The connection's security from the validated variables, with the files read once at start-up. Every
 * inconsistency is named by its variable, so a deployment fails at start rather than at the first connect.
 * Undefined when nothing is set: plaintext and anonymous, which only an unsecured broker accepts.
 */
export const kafkaSecurity = (
  appName: string,
  v: KafkaSecurityVariables,
  read: (file: string) => string = (file) => readFileSync(file, 'utf8'),
): KafkaSecuritySettings | undefined => {
  const problems: string[] = [];
  const readVariable = (name: keyof KafkaSecurityVariables): string | undefined => {
    const file = v[name];
    if (!file) return undefined;
    try {
      return read(file);
    } catch (error) {
      problems.push(`${name} is invalid: cannot read ${file} (${(error as Error).message})`);
      return undefined;
    }
  };
  const ca = readVariable('KSB_KAFKA_CA_FILE');
  if (v.KSB_KAFKA_CA_FILE && ca !== undefined && !ca.includes('BEGIN CERTIFICATE'))
    problems.push(`KSB_KAFKA_CA_FILE is invalid: ${v.KSB_KAFKA_CA_FILE} holds no PEM certificate`);
  if (v.KSB_KAFKA_SASL_PASSWORD && v.KSB_KAFKA_SASL_PASSWORD_FILE)
    problems.push('KSB_KAFKA_SASL_PASSWORD_FILE is invalid: set either it or KSB_KAFKA_SASL_PASSWORD, not both');
  const password = v.KSB_KAFKA_SASL_PASSWORD ?? readVariable('KSB_KAFKA_SASL_PASSWORD_FILE')?.trim();
  if (v.KSB_KAFKA_SASL_USERNAME && !password && !problems.length)
    problems.push('KSB_KAFKA_SASL_PASSWORD is missing: KSB_KAFKA_SASL_USERNAME needs a password (or a _FILE)');
  if (!v.KSB_KAFKA_SASL_USERNAME && (v.KSB_KAFKA_SASL_PASSWORD || v.KSB_KAFKA_SASL_PASSWORD_FILE))
    problems.push('KSB_KAFKA_SASL_USERNAME is missing: a password was given without a user');
  const tls = v.KSB_KAFKA_TLS === 'true' || (v.KSB_KAFKA_TLS !== 'false' && Boolean(v.KSB_KAFKA_CA_FILE));
  // SCRAM over plaintext would let anyone on the path replay the exchange's outcome and read every record.
  if (v.KSB_KAFKA_SASL_USERNAME && !tls)
    problems.push('KSB_KAFKA_TLS is invalid: SASL credentials are only sent over TLS (set KSB_KAFKA_CA_FILE)');
  const registryPassword = readVariable('KSB_REGISTRY_PASSWORD_FILE')?.trim();
  if (Boolean(v.KSB_REGISTRY_USERNAME) !== Boolean(v.KSB_REGISTRY_PASSWORD_FILE))
    problems.push('KSB_REGISTRY_USERNAME is invalid: set it together with KSB_REGISTRY_PASSWORD_FILE, or neither');
  if (problems.length) throw new InvalidConfigError(appName, problems);
  const registry =
    v.KSB_REGISTRY_USERNAME && registryPassword
      ? { registry: { username: v.KSB_REGISTRY_USERNAME, password: registryPassword } }
      : {};
  if (!tls && !v.KSB_KAFKA_SASL_USERNAME) return Object.keys(registry).length ? { tls, ...registry } : undefined;
  return {
    tls,
    ...(ca ? { ca } : {}),
    ...(v.KSB_KAFKA_SASL_USERNAME && password ? { sasl: { username: v.KSB_KAFKA_SASL_USERNAME, password } } : {}),
    ...registry,
  };
};
