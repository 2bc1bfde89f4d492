import { readSchemaFile, subjectFor } from '@ksb/contracts';
import { TestBroker } from '@ksb/testing-broker';
import { IncompatibleSchemaError } from '@ksb/wire';

const RECORD = 'de.kinderschutz.bridge.police.ChildWelfareNotification';

describe('registry compatibility gate (broker: real Apicurio registry)', () => {
  const broker = new TestBroker();
  // As the admin, over https with its credential: only the admin may register (docs/adr/0013).
  const registry = broker.wire.registry;
  const subject = subjectFor(broker.topic('ksb.ingest.police-notification'), RECORD);
  const current = readSchemaFile(RECORD);
  const fields = current['fields'] as object[];
  const withField = (field: object) => JSON.stringify({ ...current, fields: [...fields, field] });

  afterAll(() => broker.close());

  it('treats a subject that was never registered as unregistered, not as compatible', async () => {
    await expect(registry.isCompatible(subject, JSON.stringify(current))).resolves.toBe('unregistered');
  });

  it('registers with the explicit level and then judges changes at that level', async () => {
    const first = await registry.register(subject, JSON.stringify(current), 'FULL_TRANSITIVE');
    expect(first.version).toBe(1);
    const optional = withField({
      name: 'note',
      type: ['null', 'string'],
      default: null,
      'confluent:tags': ['MESSAGE_METADATA'],
    });
    const required = withField({ name: 'badge', type: 'string', 'confluent:tags': ['MESSAGE_METADATA'] });
    await expect(registry.isCompatible(subject, optional)).resolves.toBe(true);
    await expect(registry.isCompatible(subject, required)).resolves.toBe(false);
  });

  it('refuses to register an incompatible version', async () => {
    const required = withField({ name: 'badge', type: 'string', 'confluent:tags': ['MESSAGE_METADATA'] });
    await expect(registry.register(subject, required, 'FULL_TRANSITIVE')).rejects.toBeInstanceOf(
      IncompatibleSchemaError,
    );
  });

  it('brings a subject to the level the catalogue now declares before it judges a new version', async () => {
    const auditSubject = subjectFor(broker.topic('ksb.audit.trail'), 'de.kinderschutz.bridge.infra.AuditRecord');
    const audit = readSchemaFile('de.kinderschutz.bridge.infra.AuditRecord');
    const withoutErased = JSON.parse(JSON.stringify(audit));
    const hop = withoutErased.fields.find((f: { name: string }) => f.name === 'hop');
    hop.type.symbols = hop.type.symbols.filter((s: string) => s !== 'ERASED');
    // As a deployment registered it before ERASED, under FULL_TRANSITIVE, which refuses a new enum symbol.
    await registry.register(auditSubject, JSON.stringify(withoutErased), 'FULL_TRANSITIVE');
    await expect(registry.isCompatible(auditSubject, JSON.stringify(audit))).resolves.toBe(false);
    const next = await registry.register(auditSubject, JSON.stringify(audit), 'BACKWARD_TRANSITIVE');
    expect(next.version).toBe(2);
  });

  it('keeps the tags and logical types in what it stores', async () => {
    const { id } = await registry.register(subject, JSON.stringify(current), 'FULL_TRANSITIVE');
    const stored = JSON.parse(await registry.schemaById(id));
    expect(stored.fields[0]['confluent:tags']).toEqual(['MESSAGE_METADATA']);
    expect(JSON.stringify(stored)).toContain('"logicalType":"timestamp-millis"');
  });
});
