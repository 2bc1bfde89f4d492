import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSchemaFile, SCHEMA_DIR } from '@ksb/contracts';
import { compileAvro } from '@ksb/wire';

const example = (file: string) => JSON.parse(readFileSync(join(SCHEMA_DIR, 'examples', file), 'utf8'));
const POLICE = 'de.kinderschutz.bridge.police.ChildWelfareNotification';
const JUGENDAMT = 'de.kinderschutz.bridge.jugendamt.UrgentNotice';
const ACK = 'de.kinderschutz.bridge.feedback.Acknowledgement';

const examples: [string, string][] = [
  [POLICE, 'police-notification.hilden.json'],
  [JUGENDAMT, 'jugendamt-urgent-notice.viersen.json'],
  [ACK, 'acknowledgement.erkrath.json'],
];

const failingPaths = (record: string, value: unknown) => {
  const paths: string[] = [];
  compileAvro(readSchemaFile(record)).isValid(value, { errorHook: (path) => paths.push(path.join('.')) });
  return paths;
};

describe.each(examples)('%s with %s', (record, file) => {
  const type = compileAvro(readSchemaFile(record));

  it('is valid', () => {
    expect(failingPaths(record, example(file))).toEqual([]);
  });

  it('survives a binary round trip unchanged', () => {
    const value = example(file);
    expect(type.fromBuffer(type.toBuffer(value))).toEqual(value);
  });
});

type Mutation = (event: Record<string, any>) => void; // eslint-disable-line @typescript-eslint/no-explicit-any
const invalid: [string, string, string, Mutation, string[]][] = [
  [
    'missing envelope event id',
    POLICE,
    'police-notification.hilden.json',
    (e) => delete e.envelope.eventId,
    ['envelope.eventId'],
  ],
  [
    'unknown trigger category',
    POLICE,
    'police-notification.hilden.json',
    (e) => (e.triggerCategory = 'BURGLARY'),
    ['triggerCategory'],
  ],
  [
    'impossible birth date',
    POLICE,
    'police-notification.hilden.json',
    (e) => (e.children[0].person.birthDate = '2018-02-30'),
    ['children.0.person.birthDate'],
  ],
  [
    'timestamp without zone',
    POLICE,
    'police-notification.hilden.json',
    (e) => (e.incident.occurredAt = '2026-11-20T22:40:00'),
    ['incident.occurredAt'],
  ],
  ['children not a list', POLICE, 'police-notification.hilden.json', (e) => (e.children = e.children[0]), ['children']],
  [
    'custody status misspelt',
    POLICE,
    'police-notification.hilden.json',
    (e) => (e.custodyHolders[1].custody = 'shared'),
    ['custodyHolders.1.custody'],
  ],
  [
    'missing legal basis',
    JUGENDAMT,
    'jugendamt-urgent-notice.viersen.json',
    (e) => delete e.legalBasis,
    ['legalBasis'],
  ],
  [
    'approver without a name',
    JUGENDAMT,
    'jugendamt-urgent-notice.viersen.json',
    (e) => (e.approver = { function: 'Amtsleitung', decidedAt: '2026-11-21T03:11:00Z' }),
    ['approver.name'],
  ],
  [
    'two fields wrong at once',
    ACK,
    'acknowledgement.erkrath.json',
    (e) => ((e.status = 'MAYBE'), (e.acknowledgedEventId = 7)),
    ['acknowledgedEventId', 'status'],
  ],
];

describe('invalid events name every failing field path', () => {
  it.each(invalid)('%s', (_, record, file, mutate, paths) => {
    const event = example(file);
    mutate(event);
    expect(failingPaths(record, event)).toEqual(paths);
  });
});
