import type { TopicSpec } from '@ksb/contracts';
import type { RegisteredSchema, Wire } from '@ksb/wire';

/**
 * View schemas registered per delivery topic on first use (FULL_TRANSITIVE subjects). A view the
 * registry rejects fails the transaction, so nothing is delivered with a schema the recipient cannot read.
 */
export class ViewSchemas {
  private readonly registered = new Map<string, Promise<RegisteredSchema>>();

  constructor(
    private readonly wire: Wire,
    private readonly specs: ReadonlyMap<string, TopicSpec>,
  ) {}

  /** Encodes a record the redactor built itself (the encrypted envelope around a view). */
  encode(schema: RegisteredSchema, value: unknown): Buffer {
    return this.wire.codec.encodeOwn(schema, value);
  }

  forTopic(topic: string, viewRecord: string): Promise<RegisteredSchema> {
    const key = `${topic}|${viewRecord}`;
    let schema = this.registered.get(key);
    if (!schema) {
      const spec = this.specs.get(topic);
      if (!spec) return Promise.reject(new Error(`no delivery topic ${topic} in the directory`));
      schema = this.wire.registerSchemaFor(spec, viewRecord);
      schema.catch(() => this.registered.delete(key));
      this.registered.set(key, schema);
    }
    return schema;
  }
}
