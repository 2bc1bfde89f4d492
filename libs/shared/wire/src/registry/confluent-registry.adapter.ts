import { Agent } from 'node:https';
import { SchemaRegistry, SchemaType, COMPATIBILITY } from '@kafkajs/confluent-schema-registry';
import type { Compatibility } from '@ksb/contracts';
import type { SchemaRegistryPort } from './schema-registry.port';
import {
  IncompatibleSchemaError,
  RegistryAccessDeniedError,
  RegistryUnavailableError,
  UnknownSchemaIdError,
} from '../wire.errors';

/**
 * How a client proves who it is to the registry and trusts it: the same identity as towards Kafka (one
 * credential per stage and office, docs/adr/0013) and the CA that signed the registry's certificate.
 */
export interface RegistryCredentials {
  readonly username: string;
  readonly password: string;
  /** PEM of the CA for an https registry; undefined: the platform's trusted CAs. */
  readonly ca?: string;
}

const LOOPBACK_HOST = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

type ResponseErrorLike = Error & { status?: number };

const isUnreachable = (error: ResponseErrorLike) =>
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|socket hang up|timeout/i.test(error.message);

/** Adapter over @kafkajs/confluent-schema-registry, translating its errors into the bridge's error tree. */
export class ConfluentRegistryAdapter implements SchemaRegistryPort {
  private readonly client: SchemaRegistry;

  constructor(
    private readonly url: string,
    private readonly credentials?: RegistryCredentials,
  ) {
    const { protocol, hostname } = new URL(url);
    // A password over plain http is readable by anyone on the path; only the loopback interface is spared.
    if (credentials && protocol !== 'https:' && !LOOPBACK_HOST.test(hostname))
      throw new Error(`the registry credential is only sent over https; ${url} is not`);
    this.client = new SchemaRegistry({
      host: url,
      retry: { retries: 3, initialRetryTimeInSecs: 0.2 },
      ...(credentials ? { auth: { username: credentials.username, password: credentials.password } } : {}),
      ...(protocol === 'https:' && credentials?.ca
        ? { agent: new Agent({ ca: credentials.ca, keepAlive: true }) }
        : {}),
    });
  }

  /**
   * Looks the schema up first, which any identity may; registers only what is missing, which only the admin
   * may. A stage or agency whose schema the admin has not registered yet is told so by name.
   */
  async register(subject: string, schema: string, compatibility: Compatibility) {
    const registered = await this.lookUp(subject, schema);
    if (registered) return registered;
    await this.ensureLevel(subject, compatibility);
    try {
      await this.client.register(
        { type: SchemaType.AVRO, schema },
        { subject, compatibility: COMPATIBILITY[compatibility] },
      );
    } catch (error) {
      throw this.translate(error as ResponseErrorLike, `registering ${subject}`);
    }
    const found = await this.lookUp(subject, schema);
    if (!found) throw new RegistryUnavailableError(`registered ${subject}, but the registry does not find it`);
    return found;
  }

  /**
   * The catalogue decides a subject's level, as it decides a topic's settings: a subject registered under
   * another level (the audit trail went from FULL to BACKWARD_TRANSITIVE, ADR 0023) gets the catalogue's before
   * the new version is judged by it. Only the admin registers, so only it changes levels.
   */
  private async ensureLevel(subject: string, compatibility: Compatibility): Promise<void> {
    const api = this.client['api'].Subject;
    let current: string;
    try {
      const response = await api.config({ subject });
      current = String((response.data() as { compatibilityLevel: string }).compatibilityLevel).toUpperCase();
    } catch (error) {
      const e = error as ResponseErrorLike;
      if (e.status === 404) return;
      throw this.translate(e, `reading the compatibility of ${subject}`);
    }
    if (current === COMPATIBILITY[compatibility]) return;
    try {
      await api.updateConfig({ subject, body: { compatibility: COMPATIBILITY[compatibility] } });
    } catch (error) {
      throw this.translate(error as ResponseErrorLike, `setting ${subject} to ${compatibility}`);
    }
  }

  private async lookUp(subject: string, schema: string): Promise<{ id: number; version: number } | undefined> {
    try {
      const found = await this.client['api'].Subject.registered({ subject, body: { schemaType: 'AVRO', schema } });
      const { id, version } = found.data() as { id: number; version: number };
      return { id: Number(id), version: Number(version) };
    } catch (error) {
      const e = error as ResponseErrorLike;
      if (e.status === 404) return undefined;
      throw this.translate(e, `looking up ${subject}`);
    }
  }

  /** Whether the registry answers this identity at all (readiness). */
  async answers(): Promise<void> {
    try {
      await this.client['api'].Subject.all();
    } catch (error) {
      throw this.translate(error as ResponseErrorLike, 'listing subjects');
    }
  }

  async isCompatible(subject: string, schema: string): Promise<boolean | 'unregistered'> {
    try {
      // Apicurio answers "compatible" for a subject it has never seen; ask whether it exists first.
      await this.client['api'].Subject.latestVersion({ subject });
      const response = await this.client['api'].Subject.compatible({ subject, body: { schemaType: 'AVRO', schema } });
      return Boolean(response.data().is_compatible);
    } catch (error) {
      const e = error as ResponseErrorLike;
      if (e.status === 404) return 'unregistered';
      throw this.translate(e, `checking ${subject}`);
    }
  }

  async schemaById(id: number): Promise<string> {
    try {
      const response = await this.client['api'].Schema.find({ id });
      return response.data().schema as string;
    } catch (error) {
      const e = error as ResponseErrorLike;
      if (e.status === 404) throw new UnknownSchemaIdError(id, { cause: e });
      throw this.translate(e, `reading schema ${id}`);
    }
  }

  private translate(error: ResponseErrorLike, action: string): Error {
    if (error.status === 401 || error.status === 403) {
      const who = this.credentials ? `as ${this.credentials.username}` : 'without a credential';
      const hint =
        error.status === 403 && action.startsWith('registering')
          ? ': schemas are registered by the admin (ksb topics apply)'
          : '';
      return new RegistryAccessDeniedError(`schema registry refused ${action} ${who} (${error.status})${hint}`, {
        cause: error,
      });
    }
    if (error.status === 409 || error.name === 'ConfluentSchemaRegistryCompatibilityError') {
      return new IncompatibleSchemaError(`${action}: ${error.message}`, { cause: error });
    }
    if (isUnreachable(error) || (error.status !== undefined && error.status >= 500)) {
      return new RegistryUnavailableError(
        `schema registry at ${this.url} unavailable while ${action}: ${error.message}`,
        {
          cause: error,
        },
      );
    }
    return error;
  }
}
