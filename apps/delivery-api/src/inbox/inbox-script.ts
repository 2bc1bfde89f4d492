/**
 * The inbox page's script, as a string the page embeds and the Content-Security-Policy names by hash. Plain
 * browser JavaScript without any library: `fetch` with the office's API key, DOM built with textContent only
 * (never innerHTML), so nothing a delivery contains can become markup. An encrypted delivery ({ jwe }) is
 * opened here with WebCrypto and the office's private key, which the caseworker loads from a file: the key
 * stays in this page's memory and is never sent anywhere (docs/adr/0023).
 */
export const INBOX_SCRIPT = String.raw`
const data = JSON.parse(document.getElementById('page-data').textContent);
const $ = (id) => document.getElementById(id);
const el = (tag, text, attrs) => {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
};
const say = (text) => { $('message').textContent = text; };
const key = () => sessionStorage.getItem('ksb-key');
async function api(path, options) {
  const response = await fetch(path, { ...(options || {}), headers: { 'x-api-key': key(), 'content-type': 'application/json' } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw Object.assign(new Error(body.message || String(response.status)), { status: response.status, code: body.code });
  return body;
}
const time = (iso) => iso ? new Date(iso).toLocaleString('de-DE') : '–';
const urgencyRank = (u) => (u === 'DANGER_NOW' ? 0 : 1);
const state = (d) => d.answer ? data.answers[d.answer.status] : d.pickedUpAt ? 'geöffnet' : 'neu';
let openId = null;
/** The office's private keys by key id, as non-extractable CryptoKeys: loaded from a file, never stored. */
const officeKeys = new Map();
const bytes = (b64u) => {
  const b64 = b64u.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (b64u.length % 4)) % 4);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
};
async function loadPrivateKeys(file) {
  const parsed = JSON.parse(await file.text());
  const jwks = Array.isArray(parsed) ? parsed : parsed.keys || [parsed];
  for (const jwk of jwks) {
    const { kid, ...material } = jwk;
    if (!kid) throw new Error('Schlüssel ohne "kid"');
    officeKeys.set(kid, await crypto.subtle.importKey('jwk', { ...material, alg: 'RSA-OAEP-256' }, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['decrypt']));
  }
  return jwks.map((k) => k.kid);
}
/** RFC 7516: unwrap the content key with RSA-OAEP-256, then AES-GCM with the encoded protected header as AAD. */
async function openJwe(serialized) {
  const jwe = JSON.parse(serialized);
  const entry = jwe.recipients.find((r) => officeKeys.has(r.header.kid));
  if (!entry) return null;
  const cek = await crypto.subtle.decrypt({ name: 'RSA-OAEP' }, officeKeys.get(entry.header.kid), bytes(entry.encrypted_key));
  const contentKey = await crypto.subtle.importKey('raw', cek, { name: 'AES-GCM' }, false, ['decrypt']);
  const sealed = new Uint8Array([...bytes(jwe.ciphertext), ...bytes(jwe.tag)]);
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: bytes(jwe.iv), additionalData: new TextEncoder().encode(jwe.protected) }, contentKey, sealed);
  return JSON.parse(new TextDecoder().decode(plain));
}

function renderValue(name, value, into) {
  if (value === null || value === undefined) return;
  const dt = el('dt', data.labels[name] || name, data.docs[name] ? { title: data.docs[name] } : {});
  const dd = el('dd');
  if (Array.isArray(value)) value.forEach((item, i) => { const dl = el('dl'); renderFields(item, dl, name); dd.appendChild(el('h4', (data.labels[name] || name) + ' ' + (i + 1))); dd.appendChild(dl); });
  else if (typeof value === 'object') { const dl = el('dl'); renderFields(value, dl); dd.appendChild(dl); }
  else dd.textContent = typeof value === 'boolean' ? (value ? 'ja' : 'nein') : String(value);
  into.appendChild(dt); into.appendChild(dd);
}
function renderFields(object, into) {
  if (typeof object !== 'object' || object === null) { into.appendChild(el('dd', String(object))); return; }
  for (const [name, value] of Object.entries(object)) renderValue(name, value, into);
}

async function loadDeliveries() {
  const page = await api('/v1/deliveries');
  const rows = page.deliveries.slice().sort((a, b) => urgencyRank(a.urgency) - urgencyRank(b.urgency) || b.receivedAt.localeCompare(a.receivedAt));
  const body = $('deliveries'); body.replaceChildren();
  if (!rows.length) body.appendChild(el('tr')).appendChild(el('td', 'Keine Meldungen.', { colspan: '6' }));
  for (const d of rows) {
    const tr = el('tr', undefined, { 'data-id': d.id, 'data-urgency': d.urgency || '' });
    tr.appendChild(el('td', data.urgencies[d.urgency] || d.urgency || '–', { class: d.urgency === 'DANGER_NOW' ? 'danger' : '' }));
    [data.eventTypes[d.eventType] || d.eventType, d.senderOfficeId || '–', time(d.receivedAt), state(d)].forEach((v) => tr.appendChild(el('td', v)));
    const button = el('button', 'Öffnen', { type: 'button', 'aria-label': 'Meldung vom ' + time(d.receivedAt) + ' öffnen' });
    button.addEventListener('click', () => openDelivery(d.id));
    tr.appendChild(el('td')).appendChild(button);
    body.appendChild(tr);
  }
}

async function openDelivery(id) {
  const d = await api('/v1/deliveries/' + encodeURIComponent(id));
  openId = id;
  $('detail').hidden = false;
  const heading = $('detail-heading');
  heading.textContent = (data.eventTypes[d.eventType] || d.eventType) + ' von ' + (d.senderOfficeId || '–') + ', ' + time(d.receivedAt);
  const contacts = $('contacts'); contacts.replaceChildren();
  if (!d.senderContacts.length) contacts.appendChild(el('li', 'Im Kontaktregister ist niemand eingetragen: bitte die Dienststelle anrufen.'));
  d.senderContacts.forEach((c) => contacts.appendChild(el('li', [c.function || c.name, c.phone, c.email, c.topics.map((t) => data.contactTopics[t] || t).join(', ')].filter(Boolean).join(' · '))));
  const fields = $('fields'); fields.replaceChildren();
  const encrypted = d.view && typeof d.view.jwe === 'string';
  const view = encrypted ? await openJwe(d.view.jwe).catch(() => null) : d.view;
  if (view) renderFields(view, fields);
  $('answer').hidden = d.eventType === 'acknowledgement';
  say(encrypted && !view ? 'Verschlüsselt: bitte den privaten Schlüssel der Stelle laden (passender Schlüssel fehlt).' : d.answer ? 'Bereits ' + data.answers[d.answer.status] + '.' : '');
  heading.focus();
  await loadDeliveries();
}

async function answer(kind) {
  const body = kind === 'reject' ? JSON.stringify({ reasonCode: $('reason').value, text: $('reason-text').value || undefined }) : undefined;
  try {
    const result = await api('/v1/deliveries/' + encodeURIComponent(openId) + '/' + kind, { method: 'POST', body });
    say('Meldung ' + data.answers[result.status] + '. Die absendende Stelle erhält die Rückmeldung.');
  } catch (error) {
    say(error.code === 'ALREADY_ANSWERED' ? 'Diese Meldung wurde bereits anders beantwortet.' : 'Nicht gesendet: ' + error.message);
  }
  await loadDeliveries();
}

async function loadCases() {
  const { cases } = await api('/v1/cases');
  const body = $('cases'); body.replaceChildren();
  if (!cases.length) body.appendChild(el('tr')).appendChild(el('td', 'Keine gesendeten Vorgänge.', { colspan: '3' }));
  for (const c of cases) {
    const tr = el('tr', undefined, { 'data-case': c.correlationId });
    tr.appendChild(el('td', c.correlationId));
    tr.appendChild(el('td', (data.statuses[c.latest.status] || c.latest.status) + ', ' + time(c.latest.at)));
    const button = el('button', 'Verlauf', { type: 'button', 'aria-label': 'Verlauf von Vorgang ' + c.correlationId });
    button.addEventListener('click', () => showTrail(c.correlationId));
    tr.appendChild(el('td')).appendChild(button);
    body.appendChild(tr);
  }
}

async function showTrail(id) {
  const { events } = await api('/v1/cases/' + encodeURIComponent(id) + '/events');
  $('trail-section').hidden = false;
  $('trail-heading').textContent = 'Verlauf von Vorgang ' + id;
  const list = $('trail'); list.replaceChildren();
  for (const e of events)
    list.appendChild(el('li', time(e.at) + ' — ' + (data.statuses[e.status] || e.status) + (e.officeId ? ' (' + e.officeId + ')' : '') + ': ' + e.text, { 'data-status': e.status }));
  $('trail-heading').focus();
}

async function start() {
  try {
    await Promise.all([loadDeliveries(), loadCases()]);
    $('signin').hidden = true; $('inbox').hidden = false;
    setInterval(() => { loadDeliveries().catch(() => undefined); loadCases().catch(() => undefined); }, 5000);
  } catch (error) {
    sessionStorage.removeItem('ksb-key');
    say(error.status === 401 ? 'Schlüssel unbekannt.' : 'Anmeldung fehlgeschlagen: ' + error.message);
  }
}

for (const [code, label] of Object.entries(data.reasons)) $('reason').appendChild(el('option', label, { value: code }));
$('signin').addEventListener('submit', (event) => { event.preventDefault(); sessionStorage.setItem('ksb-key', $('key').value); $('key').value = ''; start(); });
$('accept').addEventListener('click', () => answer('accept'));
$('reject').addEventListener('click', () => answer('reject'));
$('signout').addEventListener('click', () => { sessionStorage.removeItem('ksb-key'); location.reload(); });
$('private-key').addEventListener('change', async (event) => {
  const file = event.target.files[0];
  if (!file) return;
  try {
    const kids = await loadPrivateKeys(file);
    if (openId) await openDelivery(openId);
    say('Schlüssel geladen: ' + kids.join(', '));
  } catch (error) { say('Schlüssel nicht lesbar: ' + error.message); }
  finally { event.target.value = ''; }
});
if (key()) start();
`;
