import { SchemaRegistry, SchemaType, COMPATIBILITY } from '@kafkajs/confluent-schema-registry';
import type { Compatibility } from '@ksb/contracts';
import type { SchemaRegistryPort } from './schema-registry.port';
import { IncompatibleSchemaError, RegistryUnavailableError, UnknownSchemaIdError } from '../wire.errors';

type ResponseErrorLike = Error & { status?: number };

const isUnreachable = (error: ResponseErrorLike) =>
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|socket hang up|timeout/i.test(error.message);

/** Adapter over @kafkajs/confluent-schema-registry, translating its errors into the bridge's error tree. */
export class ConfluentRegistryAdapter implements SchemaRegistryPort {
  private readonly client: SchemaRegistry;

  constructor(private readonly url: string) {
    this.client = new SchemaRegistry({ host: url, retry: { retries: 3, initialRetryTimeInSecs: 0.2 } });
  }

  async register(subject: string, schema: string, compatibility: Compatibility) {
    try {
      const { id } = await this.client.register(
        { type: SchemaType.AVRO, schema },
        { subject, compatibility: COMPATIBILITY[compatibility] },
      );
      const found = await this.client['api'].Subject.registered({ subject, body: { schemaType: 'AVRO', schema } });
      return { id, version: Number(found.data().version) };
    } catch (error) {
      throw this.translate(error as ResponseErrorLike, `registering ${subject}`);
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
