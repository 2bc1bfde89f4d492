import { classifyFields, readFieldClassVocabulary } from './field-classes';
import { listRecordSchemas, readSchemaFile } from './schema-files';

const vocabulary = readFieldClassVocabulary();
const POLICE = 'de.kinderschutz.bridge.police.ChildWelfareNotification';
const JUGENDAMT = 'de.kinderschutz.bridge.jugendamt.UrgentNotice';

const classOf = (record: string, path: string) =>
  classifyFields(readSchemaFile(record), vocabulary).fields.find((f) => f.path === path)?.fieldClass;

describe('field classes in schemas/', () => {
  it('finds the event, directory, infra and ops records', () => {
    expect(listRecordSchemas()).toEqual(
      expect.arrayContaining([
        POLICE,
        JUGENDAMT,
        'de.kinderschutz.bridge.feedback.Acknowledgement',
        'de.kinderschutz.bridge.infra.AuditRecord',
      ]),
    );
  });

  it.each(listRecordSchemas())('%s: every field has exactly one known class', (record) => {
    const { fields, problems } = classifyFields(readSchemaFile(record), vocabulary);
    expect(problems).toEqual([]);
    expect(fields.length).toBeGreaterThan(0);
    expect(fields.every((f) => f.fieldClass !== 'INHERIT')).toBe(true);
  });

  it.each([
    [POLICE, 'envelope.senderOfficeId', 'MESSAGE_METADATA'],
    [POLICE, 'incident.place.municipalityKey', 'INCIDENT'],
    [POLICE, 'children.person.birthDate', 'CHILD_IDENTITY'],
    [POLICE, 'children.fosterPlacement.fosterParentsResidence.street', 'CHILD_IDENTITY'],
    [POLICE, 'custodyHolders.residence.municipalityKey', 'CUSTODY_HOLDER'],
    [POLICE, 'custodyHolders.person.familyName', 'CUSTODY_HOLDER'],
    [POLICE, 'dangerousPersons.person.givenName', 'DANGEROUS_PERSON'],
    [POLICE, 'confidentialSources.familyName', 'CONFIDENTIAL_SOURCE'],
    [POLICE, 'investigationContent', 'INVESTIGATION_CONTENT'],
    [POLICE, 'measures.endsOn', 'POLICE_MEASURE'],
    [JUGENDAMT, 'approver.name', 'MESSAGE_METADATA'],
    [JUGENDAMT, 'danger.place.municipalityKey', 'INCIDENT'],
    [JUGENDAMT, 'entrustedContent', 'ENTRUSTED_CONTENT'],
    [JUGENDAMT, 'reporters.givenName', 'CONFIDENTIAL_SOURCE'],
  ])('%s %s is %s (shared records take the class of the field holding them)', (record, path, fieldClass) => {
    expect(classOf(record, path)).toBe(fieldClass);
  });
});

describe('classifyFields problems', () => {
  const record = (fields: unknown[]) => ({ type: 'record', name: 'T', fields });
  const nested = { type: 'record', name: 'N', fields: [{ name: 'x', type: 'string', 'confluent:tags': ['INHERIT'] }] };

  it.each([
    ['a missing tag', record([{ name: 'a', type: 'string' }]), /a: needs exactly one/],
    [
      'two tags',
      record([{ name: 'a', type: 'string', 'confluent:tags': ['INCIDENT', 'HEALTH_DATA'] }]),
      /a: needs exactly one/,
    ],
    ['an unknown tag', record([{ name: 'a', type: 'string', 'confluent:tags': ['PII'] }]), /a: unknown class PII/],
    [
      'INHERIT at top level',
      record([{ name: 'a', type: 'string', 'confluent:tags': ['INHERIT'] }]),
      /a: INHERIT is only allowed/,
    ],
    [
      'a nested field without a tag',
      record([
        { name: 'n', type: { ...nested, fields: [{ name: 'y', type: 'int' }] }, 'confluent:tags': ['INCIDENT'] },
      ]),
      /n\.y: needs exactly one/,
    ],
  ])('reports %s', (_, schema, message) => {
    const { problems } = classifyFields(schema, vocabulary);
    expect(problems).toEqual([expect.stringMatching(message)]);
  });

  it('resolves INHERIT through the holding field, also for a reused named record', () => {
    const schema = record([
      { name: 'first', type: nested, 'confluent:tags': ['INCIDENT'] },
      { name: 'second', type: ['null', 'N'], 'confluent:tags': ['HEALTH_DATA'] },
    ]);
    expect(classifyFields(schema, vocabulary).fields).toEqual([
      { path: 'first', fieldClass: 'INCIDENT' },
      { path: 'first.x', fieldClass: 'INCIDENT' },
      { path: 'second', fieldClass: 'HEALTH_DATA' },
      { path: 'second.x', fieldClass: 'HEALTH_DATA' },
    ]);
  });
});
