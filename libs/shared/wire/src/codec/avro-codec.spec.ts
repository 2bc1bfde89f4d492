import { AvroCodec } from './avro-codec';
import type { SchemaRegistryPort } from '../registry/schema-registry.port';
import { frame } from '../framing/confluent-framing';
import {
  InvalidEventError,
  RegistryUnavailableError,
  UndecodableValueError,
  UnframedValueError,
  UnknownSchemaIdError,
} from '../wire.errors';
import { readSchemaFile } from '@ksb/contracts';
import { compileAvro } from './logical-types';

const CANARY = 'de.kinderschutz.bridge.ops.CanaryProbe';

/** An in-memory stand-in for our own registry port (not for the vendor client), for pure codec logic. */
class InMemoryRegistry implements SchemaRegistryPort {
  readonly schemas: string[] = [];
  failNextLookup = false;
  async register(_subject: string, schema: string) {
    const existing = this.schemas.indexOf(schema);
    if (existing >= 0) return { id: existing + 1, version: 1 };
    this.schemas.push(schema);
    return { id: this.schemas.length, version: 1 };
  }
  async isCompatible() {
    return true as const;
  }
  async schemaById(id: number) {
    if (this.failNextLookup) {
      this.failNextLookup = false;
      throw new RegistryUnavailableError('down');
    }
    const schema = this.schemas[id - 1];
    if (!schema) throw new UnknownSchemaIdError(id);
    return schema;
  }
  async answers() {
    return undefined;
  }
}

const probe = {
  probeId: '6f1c1c1e-2b7a-4a53-9c52-3d2a8f0e5b11',
  route: 'police-to-jugendamt',
  sentAt: '2026-11-21T05:00:00.000Z',
  hops: [],
};

describe('AvroCodec', () => {
  let registry: InMemoryRegistry;
  let codec: AvroCodec;
  beforeEach(() => {
    registry = new InMemoryRegistry();
    codec = new AvroCodec(registry);
  });

  it('registers the source schema with its tags and logical types intact', async () => {
    await codec.register('ksb.ingest.canary', CANARY, 'BACKWARD_TRANSITIVE');
    const registered = JSON.parse(registry.schemas[0]);
    expect(registered.fields[0]['confluent:tags']).toEqual(['OPERATIONAL']);
    expect(registered.fields[2].type).toEqual({ type: 'long', logicalType: 'timestamp-millis' });
  });

  it('round-trips a value through the Confluent frame', async () => {
    const schema = await codec.register('ksb.ingest.canary', CANARY, 'BACKWARD_TRANSITIVE');
    expect(schema.subject).toBe(`ksb.ingest.canary-${CANARY}`);
    const bytes = codec.encode(schema, probe);
    expect(bytes.readUInt8(0)).toBe(0);
    expect(bytes.readInt32BE(1)).toBe(schema.id);
    await expect(codec.decode(bytes)).resolves.toEqual({ schemaId: schema.id, recordName: CANARY, value: probe });
  });

  it('decodes only the fields asked for, skipping the rest, and still whole without them', async () => {
    const schema = await codec.register('ksb.ingest.canary', CANARY, 'BACKWARD_TRANSITIVE');
    const bytes = codec.encode(schema, probe);
    const [first] = Object.keys(probe);
    const [last] = Object.keys(probe).slice(-1);
    const projected = await codec.decodeAll<Record<string, unknown>>([bytes, bytes], { fields: [first, last] });
    expect(projected).toEqual([
      { [first]: (probe as Record<string, unknown>)[first], [last]: (probe as Record<string, unknown>)[last] },
      { [first]: (probe as Record<string, unknown>)[first], [last]: (probe as Record<string, unknown>)[last] },
    ]);
    expect(await codec.decodeAll([bytes])).toEqual([probe]);
  });

  it('names every failing field path and never the value', async () => {
    const schema = await codec.register('ksb.ingest.canary', CANARY, 'BACKWARD_TRANSITIVE');
    const bad = { ...probe, route: 42, hops: [{ service: 'router', at: 'yesterday' }] };
    const error = (() => {
      try {
        codec.encode(schema, bad);
      } catch (e) {
        return e as InvalidEventError;
      }
      throw new Error('expected an error');
    })();
    expect(error).toBeInstanceOf(InvalidEventError);
    expect(error.fieldPaths).toEqual(['route', 'hops.0.at']);
    expect(error.message).not.toContain('yesterday');
  });

  it("writes a stage's own complete record as encode does, and leaves defaults and errors to the checked way", async () => {
    const schema = await codec.register('ksb.ingest.canary', CANARY, 'BACKWARD_TRANSITIVE');
    expect(codec.encodeOwn(schema, probe)).toEqual(codec.encode(schema, probe));
    // hops left out: the writer refuses it, and the checked way fills the schema's default.
    const { hops: _hops, ...withoutHops } = probe;
    await expect(codec.decode(codec.encodeOwn(schema, withoutHops))).resolves.toMatchObject({ value: probe });
    expect(() => codec.encodeOwn(schema, { ...probe, route: 42 })).toThrow(InvalidEventError);
  });

  it('decodes data written with a newer schema (added field with default) using our reader schema', async () => {
    const ours = readSchemaFile(CANARY);
    const newer = compileAvro({
      ...ours,
      fields: [
        ...(ours['fields'] as object[]),
        { name: 'region', type: 'string', default: 'NRW', 'confluent:tags': ['OPERATIONAL'] },
      ],
    });
    const { id } = await registry.register('s', JSON.stringify(newer.schema({ exportAttrs: true })));
    const bytes = frame(id, newer.toBuffer({ ...probe, region: 'NRW' }));
    await expect(codec.decode(bytes)).resolves.toMatchObject({ value: probe });
  });

  it.each([
    ['an unframed value', Buffer.from('{"json":true}'), UnframedValueError],
    ['an unknown schema id', frame(99, Buffer.from([1, 2])), UnknownSchemaIdError],
  ])('rejects %s', async (_, bytes, errorClass) => {
    await expect(codec.decode(bytes)).rejects.toBeInstanceOf(errorClass);
  });

  it('rejects bytes that do not decode with the writer schema', async () => {
    const schema = await codec.register('ksb.ingest.canary', CANARY, 'BACKWARD_TRANSITIVE');
    await expect(codec.decode(frame(schema.id, Buffer.from([0xff])))).rejects.toBeInstanceOf(UndecodableValueError);
  });

  it('does not remember a failed registry look-up', async () => {
    const schema = await codec.register('ksb.ingest.canary', CANARY, 'BACKWARD_TRANSITIVE');
    const bytes = codec.encode(schema, probe);
    registry.failNextLookup = true;
    await expect(codec.decode(bytes)).rejects.toBeInstanceOf(RegistryUnavailableError);
    await expect(codec.decode(bytes)).resolves.toMatchObject({ value: probe });
  });
});
