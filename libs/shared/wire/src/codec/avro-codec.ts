import type { Type } from 'avsc';
import { compileAvro } from './logical-types';
import { applyDefaults } from './defaults';
import { readSchemaFile, subjectFor, type Compatibility } from '@ksb/contracts';
import type { SchemaRegistryPort } from '../registry/schema-registry.port';
import { encodeFramed, unframe } from '../framing/confluent-framing';
import { InvalidEventError, UndecodableValueError } from '../wire.errors';
import { isSealed, sealedKeyId, type CaseSeal } from '@ksb/case-keys';

/** A schema as registered for one topic: what a producer needs to encode and label a message. */
export interface RegisteredSchema {
  readonly id: number;
  readonly subject: string;
  readonly version: number;
  readonly recordName: string;
  readonly type: Type;
}

export interface DecodedValue<T = unknown> {
  readonly schemaId: number;
  readonly recordName: string;
  readonly value: T;
  /** The framed record inside, when the value was sealed under a case key (what its producer signed). */
  readonly opened?: Buffer;
}

/**
 * Avro encode/decode over the Confluent frame. Decoding always resolves the writer schema (from the
 * registry, by the id in the frame) against the consumer's own reader schema from schemas/, so a consumer
 * keeps working while producers move to newer compatible versions.
 */
export class AvroCodec {
  private readonly writerTypes = new Map<number, Promise<Type>>();
  private readonly readerTypes = new Map<string, Type>();
  /** Resolvers compile code; building one per message was the codec's main cost. One per writer schema id. */
  private readonly resolvers = new Map<
    number | string,
    { reader: Type; resolver: ReturnType<Type['createResolver']> }
  >();

  /**
   * With `caseSeal`, a record sealed under a case key (ADR 0023) is opened before it is decoded: the stages
   * that read content hold the key store, and whoever only copies bytes (the broker, a mirror) sees none.
   */
  constructor(
    private readonly registry: SchemaRegistryPort,
    private readonly caseSeal?: CaseSeal,
  ) {}

  async register(topic: string, recordName: string, compatibility: Compatibility): Promise<RegisteredSchema> {
    const type = this.readerType(recordName);
    const subject = subjectFor(topic, recordName);
    // The assembled source JSON, not type.schema(): that would drop logicalType, doc and confluent:tags.
    const { id, version } = await this.registry.register(
      subject,
      JSON.stringify(readSchemaFile(recordName)),
      compatibility,
    );
    return { id, subject, version, recordName, type };
  }

  /** Asks the registry whether our version of a record would be accepted for a topic (CI compatibility gate). */
  isCompatible(topic: string, recordName: string): Promise<boolean | 'unregistered'> {
    return this.registry.isCompatible(subjectFor(topic, recordName), JSON.stringify(readSchemaFile(recordName)));
  }

  /** Fills schema defaults, then validates; every failing or undeclared field is named by its path. */
  prepare(schema: RegisteredSchema, value: unknown): unknown {
    const { value: filled, undeclared } = applyDefaults(schema.type, value);
    const paths: string[] = [];
    schema.type.isValid(filled, { errorHook: (path) => paths.push(path.length ? path.join('.') : '(root)') });
    const problems = [...paths, ...undeclared.map((p) => `${p} (not in the schema)`)];
    if (problems.length > 0) throw new InvalidEventError(schema.recordName, problems);
    return filled;
  }

  encode(schema: RegisteredSchema, value: unknown): Buffer {
    return encodeFramed(schema.id, schema.type, this.prepare(schema, value));
  }

  /**
   * For records a stage builds itself (a routed record around an event it decoded, a projection onto a view):
   * written as they are, without filling defaults and validating first — avsc's writer still refuses a
   * missing or mistyped field, and only then does the value go the checked way, for an error that names
   * paths. Unlike `encode`, a field the schema does not declare is dropped rather than refused: for a
   * recipient's view that is the default-deny direction, and agencies' input never takes this path.
   */
  encodeOwn(schema: RegisteredSchema, value: unknown): Buffer {
    try {
      return encodeFramed(schema.id, schema.type, value);
    } catch {
      return this.encode(schema, value);
    }
  }

  async decode<T = unknown>(value: Buffer | null | undefined): Promise<DecodedValue<T>> {
    const framed = await this.opened(value);
    const { schemaId, body } = unframe(framed);
    const decoded = this.decodeWith<T>(schemaId, body, await this.writerType(schemaId));
    return framed === value ? decoded : { ...decoded, opened: framed as Buffer };
  }

  /**
   * Decodes many values, looking each writer schema up once and then decoding synchronously: an auditor
   * reading a million records pays for one await per batch, not one per record. With `fields`, only those
   * top-level fields of our reader schema are read and the rest skipped (the audit verifier needs four of
   * thirteen); a reader that needs all of them leaves it out.
   */
  async decodeAll<T = unknown>(
    values: readonly (Buffer | null | undefined)[],
    options: { fields?: readonly string[] } = {},
  ): Promise<T[]> {
    // The audit verifier decodes a million records this way, none sealed: no await per record for them.
    const opened = values.some((value) => isSealed(value))
      ? await Promise.all(values.map((value) => this.opened(value)))
      : values;
    const framed = opened.map((value) => unframe(value));
    const writers = new Map<number, Type>();
    for (const { schemaId } of framed)
      if (!writers.has(schemaId)) writers.set(schemaId, await this.writerType(schemaId));
    return framed.map(({ schemaId, body }) => {
      const writer = writers.get(schemaId) as Type; // set just above for every id in the batch
      return this.decodeWith<T>(schemaId, body, writer, options.fields).value;
    });
  }

  /** The framed record inside a sealed one; a record that is not sealed as it is. */
  private async opened(value: Buffer | null | undefined): Promise<Buffer | null | undefined> {
    if (!isSealed(value)) return value;
    if (!this.caseSeal)
      throw new UndecodableValueError(
        `value sealed under case key ${sealedKeyId(value)}, and this service holds no case key store (KSB_CASE_KEY_DIR)`,
      );
    return this.caseSeal.open(value);
  }

  private decodeWith<T>(schemaId: number, body: Buffer, writer: Type, fields?: readonly string[]): DecodedValue<T> {
    const recordName = writer.name ?? '(anonymous)';
    try {
      const key = fields ? `${schemaId}:${fields.join(',')}` : schemaId;
      let cached = this.resolvers.get(key);
      if (!cached) {
        const reader = fields ? this.projectedType(recordName, fields) : this.readerType(recordName);
        cached = { reader, resolver: reader.createResolver(writer) };
        this.resolvers.set(key, cached);
      }
      const decoded = cached.reader.fromBuffer(body, cached.resolver) as T;
      return { schemaId, recordName, value: decoded };
    } catch (error) {
      throw new UndecodableValueError(
        `value with schema id ${schemaId} (${recordName}) does not decode: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }

  /** Our record with only some of its top-level fields: resolved against a writer, the others are skipped. */
  private projectedType(recordName: string, fields: readonly string[]): Type {
    const key = `${recordName}:${fields.join(',')}`;
    let type = this.readerTypes.get(key);
    if (!type) {
      const schema = readSchemaFile(recordName) as unknown as { fields: { name: string }[] };
      type = compileAvro({ ...schema, fields: schema.fields.filter((f) => fields.includes(f.name)) });
      this.readerTypes.set(key, type);
    }
    return type;
  }

  /** Our own version of a record, compiled from schemas/ once. */
  readerType(recordName: string): Type {
    let type = this.readerTypes.get(recordName);
    if (!type) {
      type = compileAvro(readSchemaFile(recordName));
      this.readerTypes.set(recordName, type);
    }
    return type;
  }

  private writerType(schemaId: number): Promise<Type> {
    let type = this.writerTypes.get(schemaId);
    if (!type) {
      type = this.registry.schemaById(schemaId).then((text) => compileAvro(JSON.parse(text)));
      // A failed look-up (registry down) must not be cached as if the schema were unknown forever.
      type.catch(() => this.writerTypes.delete(schemaId));
      this.writerTypes.set(schemaId, type);
    }
    return type;
  }
}
