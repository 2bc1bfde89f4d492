import { createHash } from 'node:crypto';
import { listRecordSchemas, readSchemaFile } from '@ksb/contracts';
import { FIELD_LABELS_DE, REJECTION_REASONS } from '@ksb/delivery-inbox';
import { INBOX_SCRIPT } from './inbox-script';

const STYLE = `
body { font: 16px/1.45 system-ui, sans-serif; margin: 1.5rem; color: #1b1b1b; max-width: 72rem; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #ddd; }
.danger { color: #a00000; font-weight: 700; } dl { margin: 0 0 .5rem 1rem; } dt { font-weight: 600; margin-top: .3rem; }
dd { margin-left: 1rem; } button, select, input { font: inherit; padding: .3rem .7rem; } :focus { outline: 3px solid #1565c0; }
#message { font-weight: 600; min-height: 1.5em; } fieldset { margin-top: 1rem; }
`;

/** Field documentation by field name, from the recipients' view schemas: the hover text beside each label. */
const viewDocs = (): Record<string, string> => {
  const docs: Record<string, string> = {};
  const walk = (type: unknown): void => {
    if (Array.isArray(type)) return type.forEach(walk);
    if (!type || typeof type !== 'object') return;
    const t = type as { type?: string; fields?: { name: string; doc?: string; type: unknown }[]; items?: unknown };
    if (t.type === 'array') return walk(t.items);
    for (const f of t.fields ?? []) {
      if (f.doc && !docs[f.name]) docs[f.name] = f.doc;
      walk(f.type);
    }
  };
  for (const record of listRecordSchemas().filter((r) => r.includes('.views.'))) walk(readSchemaFile(record));
  return docs;
};

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * The office inbox: one self-contained page (no external asset), German, keyboard-usable, every control
 * labelled. Its script and style are allowed by hash and nothing else is, so injected markup cannot run.
 */
export const inboxPage = (
  contactTopics: readonly { code: string; label: string }[],
): { html: string; contentSecurityPolicy: string } => {
  const pageData = JSON.stringify({
    contactTopics: Object.fromEntries(contactTopics.map((t) => [t.code, t.label])),
    labels: FIELD_LABELS_DE,
    docs: viewDocs(),
    reasons: REJECTION_REASONS,
    urgencies: { DANGER_NOW: 'Gefahr im Verzug', NORMAL: 'normal' },
    eventTypes: {
      'police-notification': 'Mitteilung der Polizei',
      'jugendamt-urgent-notice': 'Dringende Mitteilung des Jugendamts',
      acknowledgement: 'Rückmeldung',
      'jugendamt-court-referral': 'Anrufung des Familiengerichts',
    },
    answers: { ACCEPTED: 'angenommen', REJECTED: 'abgelehnt', FORWARDED: 'weitergeleitet' },
    statuses: {
      SUBMITTED: 'gesendet',
      REFUSED: 'nicht weitergeleitet',
      ROUTED: 'zugeordnet',
      DELIVERED: 'zugestellt',
      PICKED_UP: 'geöffnet',
      ACCEPTED: 'angenommen',
      REJECTED: 'abgelehnt',
      FORWARDED: 'weitergeleitet',
      OVERDUE: 'Frist überschritten',
      ESCALATED: 'eskaliert',
      RESOLVED: 'Eskalation erledigt',
    },
  }).replace(/</g, '\\u003c');
  const html = `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kinderschutz Bridge — Posteingang</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Kinderschutz Bridge — Posteingang der Stelle</h1>
<p id="message" role="status" aria-live="polite"></p>
<form id="signin">
  <label for="key">API-Schlüssel der Stelle</label>
  <input id="key" name="key" type="password" autocomplete="off" required>
  <button type="submit">Anmelden</button>
</form>
<main id="inbox" hidden>
  <button id="signout" type="button">Abmelden</button>
  <p>
    <label for="private-key">Privater Schlüssel der Stelle für verschlüsselte Meldungen (JWK-Datei; bleibt in diesem Browserfenster)</label>
    <input id="private-key" type="file" accept=".json,.jwk,application/json">
  </p>
  <h2>Eingegangene Meldungen</h2>
  <table><thead><tr><th scope="col">Dringlichkeit</th><th scope="col">Art</th><th scope="col">Absender</th><th scope="col">Eingang</th><th scope="col">Stand</th><th scope="col">Aktion</th></tr></thead>
  <tbody id="deliveries"></tbody></table>
  <section id="detail" hidden aria-labelledby="detail-heading">
    <h2 id="detail-heading" tabindex="-1"></h2>
    <h3 id="contacts-heading">Ansprechpersonen beim Absender</h3>
    <ul id="contacts" aria-labelledby="contacts-heading"></ul>
    <dl id="fields"></dl>
    <div id="answer">
      <button id="accept" type="button">Annehmen</button>
      <fieldset>
        <legend>Ablehnen</legend>
        <label for="reason">Grund</label>
        <select id="reason"></select>
        <label for="reason-text">Begründung (optional, ohne Falldaten)</label>
        <input id="reason-text" maxlength="300">
        <button id="reject" type="button">Ablehnen</button>
      </fieldset>
    </div>
  </section>
  <h2>Gesendete Vorgänge</h2>
  <table><thead><tr><th scope="col">Vorgang</th><th scope="col">Letzter Stand</th><th scope="col">Aktion</th></tr></thead>
  <tbody id="cases"></tbody></table>
  <section id="trail-section" hidden aria-labelledby="trail-heading">
    <h2 id="trail-heading" tabindex="-1"></h2>
    <ol id="trail"></ol>
  </section>
</main>
<script id="page-data" type="application/json">${pageData}</script>
<script>${INBOX_SCRIPT}</script>
</body>
</html>
`;
  const contentSecurityPolicy = [
    "default-src 'none'",
    `script-src ${hash(INBOX_SCRIPT)}`,
    `style-src ${hash(STYLE)}`,
    "connect-src 'self'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
  return { html, contentSecurityPolicy };
};
