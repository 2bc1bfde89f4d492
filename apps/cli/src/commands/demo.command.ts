import { kafkaSecurity } from '@ksb/config';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deliveryTopicName, EXTERNAL_HANDOFF_TOPIC, RECORD, REDACTION_REPORT_TOPIC, SCHEMA_DIR } from '@ksb/contracts';
import { loadDirectory } from '@ksb/directory';
import { IngestPublisher } from '@ksb/producer';
import { readKeyRing } from '@ksb/signatures';
import { decodeMessage, headerText, Wire, type RawHeaders } from '@ksb/wire';
import type { CliConfig } from '../cli.config';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const example = (file: string): Json => JSON.parse(readFileSync(join(SCHEMA_DIR, 'examples', file), 'utf8'));
const at = (ags: string, name: string) => ({
  street: null,
  houseNumber: null,
  postalCode: null,
  municipalityName: name,
  municipalityKey: ags,
  countryCode: 'DE',
});

/** Realistic, fictional events for several Kreise (names invented; municipality keys real). */
const scenarios = (): { sender: string; type: string; title: string; content: Json }[] => {
  const hilden = example('police-notification.hilden.json');
  const soest = example('police-notification.hilden.json');
  soest.triggerCategory = 'NEGLECT';
  soest.incident.place = at('05974040', 'Soest');
  soest.children[0].currentWhereabouts = at('05974040', 'Soest');
  soest.custodyHolders.forEach((h: Json) => (h.residence = at('05974008', 'Bad Sassendorf')));
  soest.disclosureStatements = {
    offenceSummaryWithoutFileContent: false,
    priorKnowledgeBearsOnChildRisk: true,
    healthDataNeededForProtection: false,
  };
  const steinfurt = example('police-notification.hilden.json');
  steinfurt.triggerCategory = 'SUBSTANCE_ABUSE_CUSTODY_HOLDER';
  steinfurt.incident.place = at('05566076', 'Rheine');
  steinfurt.children[0].currentWhereabouts = at('05566076', 'Rheine');
  steinfurt.custodyHolders = [
    { ...steinfurt.custodyHolders[0], residence: at('05913000', 'Dortmund'), custody: 'SOLE' },
  ];
  const viersen = example('jugendamt-urgent-notice.viersen.json');
  const neuss = example('jugendamt-urgent-notice.viersen.json');
  neuss.urgency = 'NORMAL';
  neuss.suspectedSexualOffence = true;
  neuss.dangerType = 'SEXUAL_VIOLENCE';
  neuss.danger.place = at('05162024', 'Neuss');
  const strip = ({ envelope: _e, ...content }: Json) => content;
  return [
    {
      sender: 'kpb-mettmann',
      type: 'police-notification',
      title: 'KPB Mettmann: domestic violence in Hilden, child now in Erkrath',
      content: strip(hilden),
    },
    {
      sender: 'kpb-soest',
      type: 'police-notification',
      title: 'KPB Soest: neglect in Soest, parents in Bad Sassendorf',
      content: strip(soest),
    },
    {
      sender: 'kpb-steinfurt',
      type: 'police-notification',
      title: 'KPB Steinfurt: child in Rheine, parent with custody in Dortmund',
      content: strip(steinfurt),
    },
    {
      sender: 'ja-stadt-viersen',
      type: 'jugendamt-urgent-notice',
      title: 'Jugendamt Viersen: assistance request, danger now',
      content: strip(viersen),
    },
    {
      sender: 'kja-rhein-kreis-neuss',
      type: 'jugendamt-urgent-notice',
      title: 'Kreisjugendamt Rhein-Kreis Neuss: suspected sexual offence in Neuss',
      content: strip(neuss),
    },
  ];
};

const filled = (value: Json) =>
  Object.entries(value)
    .filter(([, v]) => v !== null && !(Array.isArray(v) && v.length === 0))
    .map(([k]) => k);

/**
 * `ksb demo`: publishes the scenarios through the running bridge (npm start) and prints what each office
 * received, in which role, and which field paths were stripped or withheld on the way.
 */
export const demo = async (config: CliConfig, print: (line: string) => void): Promise<number> => {
  const connection = {
    brokers: config.KSB_KAFKA_BROKERS,
    registryUrl: config.KSB_REGISTRY_URL,
    clientId: 'ksb-demo',
    topicSuffix: config.KSB_TOPIC_SUFFIX,
    security: kafkaSecurity('ksb', config),
  };
  if (!config.KSB_SIGNING_KEYRING_FILE) {
    print('ksb demo sends as several offices and signs with their keys: set KSB_SIGNING_KEYRING_FILE (npm start does)');
    return 2;
  }
  const ingest = await IngestPublisher.connect({
    ...connection,
    signerFor: readKeyRing(config.KSB_SIGNING_KEYRING_FILE),
  });
  const wire = new Wire({ ...connection, logLevel: 'nothing' });
  const titles = new Map<string, string>();
  try {
    for (const s of scenarios()) {
      const receipt = await ingest.publish(s.sender, s.type, { ...s.content, envelope: { eventId: randomUUID() } });
      titles.set(receipt.correlationId, s.title);
      print(`sent   ${s.title}  (event ${receipt.eventId.slice(0, 8)})`);
    }
    const topics = [
      ...[...loadDirectory().offices.keys()].map(deliveryTopicName),
      EXTERNAL_HANDOFF_TOPIC,
      REDACTION_REPORT_TOPIC,
    ].map((t) => wire.topic(t));
    const consumer = await wire.consumer({ groupId: wire.groupIdFor('demo') });
    await consumer.subscribe({ topics, fromBeginning: true });
    const deliveries: { office: string; correlationId: string; role: string; fields: string[] }[] = [];
    const reports = new Map<string, { removed: string[]; withheld: string[] }>();
    let last = Date.now();
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const correlationId = headerText(message.headers as RawHeaders, 'ksb-correlation-id') ?? '';
        if (!titles.has(correlationId)) return;
        const decoded = await decodeMessage<Json>(wire.codec, {
          topic,
          partition,
          ...message,
          headers: message.headers as RawHeaders,
        });
        if (decoded.kind !== 'decoded') return;
        last = Date.now();
        if (decoded.recordName === RECORD.RedactionReport) {
          reports.set(`${correlationId}/${decoded.value['recipientOfficeId']}`, {
            removed: decoded.value['removedPaths'],
            withheld: decoded.value['withheldPaths'],
          });
        } else {
          const office = headerText(message.headers as RawHeaders, 'ksb-recipient-office') ?? '?';
          const role = `${headerText(message.headers as RawHeaders, 'ksb-recipient-role')}${headerText(message.headers as RawHeaders, 'ksb-provisional') === 'true' ? ' (provisional)' : ''}`;
          deliveries.push({ office, correlationId, role, fields: filled(decoded.value) });
        }
      },
    });
    const started = Date.now();
    while ((deliveries.length === 0 || Date.now() - last < 3000) && Date.now() - started < 30_000)
      await new Promise((r) => setTimeout(r, 200));
    await consumer.disconnect();
    for (const [correlationId, title] of titles) {
      print('');
      print(`■ ${title}`);
      const received = deliveries.filter((d) => d.correlationId === correlationId);
      if (received.length === 0) print('  nothing delivered (see ksb.ops.dead-letter, or is `npm start` running?)');
      for (const d of received) {
        const report = reports.get(`${correlationId}/${d.office}`);
        print(`  → ${d.office.padEnd(26)} ${d.role}`);
        print(`      received: ${d.fields.join(', ')}`);
        if (report)
          print(`      stripped: ${report.removed.join(', ') || '—'}; withheld: ${report.withheld.join(', ') || '—'}`);
      }
    }
    return deliveries.length > 0 ? 0 : 1;
  } finally {
    await ingest.close();
    await wire.close();
  }
};
