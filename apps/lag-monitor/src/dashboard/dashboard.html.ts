/**
 * The operations dashboard: one self-contained page (no external scripts, fonts or styles, so it works in
 * a locked-down network), refreshed from /api/lag every two seconds. Names from Kafka are put into the page
 * as text nodes only, never as markup.
 */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kinderschutz Bridge — flow and lag</title>
<style>
  :root { font-family: system-ui, sans-serif; color: #1b1f24; background: #f6f7f9; }
  body { margin: 0 auto; max-width: 1200px; padding: 16px 24px; }
  h1 { font-size: 1.3rem; margin: 0 0 4px; }
  h2 { font-size: 1.05rem; margin: 20px 0 8px; }
  .muted { color: #5b6470; font-size: 0.85rem; }
  table { border-collapse: collapse; width: 100%; background: #fff; box-shadow: 0 1px 2px #0001; }
  th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #e4e7eb; font-size: 0.9rem; }
  th { background: #eef1f4; font-weight: 600; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; }
  .badge { display: inline-block; min-width: 58px; text-align: center; border-radius: 10px; padding: 1px 8px; font-weight: 600; font-size: 0.8rem; color: #fff; }
  .OK { background: #2e7d32; } .WARN { background: #ed8b00; } .STALL { background: #c62828; } .STOP { background: #8e0000; } .REWIND { background: #6a1b9a; }
  .alerts li { margin: 2px 0; } .firing { color: #b00020; font-weight: 600; } .pending { color: #8a6d00; }
  .error { color: #b00020; }
</style>
</head>
<body>
<h1>Kinderschutz Bridge — flow and lag</h1>
<div class="muted">Last poll: <span id="polled">–</span> · refreshes every 2 s · <a href="/metrics">Prometheus metrics</a> · <a href="/api/lag">JSON</a></div>
<div id="problem" class="error"></div>
<h2>Active alerts</h2>
<ul id="alerts" class="alerts"><li class="muted">none</li></ul>
<h2>Overdue deliveries (deadline policy)</h2>
<ul id="escalations" class="alerts"><li class="muted">none</li></ul>
<h2>Dead letters waiting for triage (<code>ksb dlq list</code>, <code>ksb dlq requeue</code>)</h2>
<table><thead><tr><th>reason</th><th>stage</th><th class="num">letters</th><th>oldest</th><th>newest</th></tr></thead><tbody id="dead-letters"></tbody></table>
<h2>Canary round trips (ingest → router → redactor → canary recipient)</h2>
<table><thead><tr><th>route</th><th>last</th><th>p50</th><th>p99</th><th>arrived / sent</th><th>last arrival</th></tr></thead><tbody id="canary"></tbody></table>
<h2>Consumer groups</h2>
<table><thead><tr><th>group</th><th>status</th><th>members</th><th class="num">lag (messages)</th><th class="num">time lag</th><th>trend</th><th>worst partition</th></tr></thead><tbody id="groups"></tbody></table>
<script>
const el = (tag, text, cls) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = String(text); if (cls) e.className = cls; return e; };
const seconds = (s) => s === null || s === undefined ? '–' : s < 1 ? '< 1 s' : s < 120 ? Math.round(s) + ' s' : Math.round(s / 60) + ' min';
const ms = (v) => v === undefined || v === null ? '–' : Math.round(v) + ' ms';
const ago = (t, now) => t ? seconds((now - t) / 1000) + ' ago' : 'never';
function sparkline(values) {
  const ns = 'http://www.w3.org/2000/svg', w = 120, h = 24;
  const svg = document.createElementNS(ns, 'svg'); svg.setAttribute('width', w); svg.setAttribute('height', h);
  const max = Math.max(1, ...values);
  const pts = values.map((v, i) => ((values.length < 2 ? w : (i * w) / (values.length - 1)).toFixed(1)) + ',' + (h - 2 - (v / max) * (h - 4)).toFixed(1)).join(' ');
  const line = document.createElementNS(ns, 'polyline'); line.setAttribute('points', pts); line.setAttribute('fill', 'none'); line.setAttribute('stroke', '#1565c0'); line.setAttribute('stroke-width', '1.5');
  svg.appendChild(line); return svg;
}
function render(data) {
  const now = data.lag.at;
  document.getElementById('polled').textContent = new Date(now).toLocaleTimeString();
  const alerts = document.getElementById('alerts'); alerts.replaceChildren();
  if (!data.alerts.length) alerts.appendChild(el('li', 'none', 'muted'));
  for (const a of data.alerts) alerts.appendChild(el('li', (a.firing ? 'FIRING ' : 'pending ') + a.rule + ' — ' + a.summary + ' (since ' + new Date(a.since).toLocaleTimeString() + ')', a.firing ? 'firing' : 'pending'));
  const overdue = document.getElementById('escalations'); overdue.replaceChildren();
  const escalations = data.escalations || [];
  if (!escalations.length) overdue.appendChild(el('li', 'none', 'muted'));
  for (const e of escalations) overdue.appendChild(el('li', 'LEVEL ' + e.level + ' ' + e.eventType + ' (' + (e.urgency || '–') + ') to ' + e.recipientOfficeId + ': ' + (e.reason === 'PICKUP_OVERDUE' ? 'not picked up' : 'not answered') + ' since ' + new Date(e.deadline).toLocaleTimeString() + (e.escalateTo ? ' — ' + e.escalateTo : ''), 'firing'));
  const letters = document.getElementById('dead-letters'); letters.replaceChildren();
  if (!(data.deadLetters || []).length) { const tr = el('tr'); tr.appendChild(el('td', 'none', 'muted')); letters.appendChild(tr); }
  for (const d of data.deadLetters || []) {
    const tr = el('tr'); tr.dataset.reason = d.reason;
    [d.reason, d.stage].forEach((v) => tr.appendChild(el('td', v)));
    tr.appendChild(el('td', d.count, 'num'));
    [ago(d.oldestAt, now), ago(d.newestAt, now)].forEach((v) => tr.appendChild(el('td', v)));
    letters.appendChild(tr);
  }
  const canary = document.getElementById('canary'); canary.replaceChildren();
  for (const r of data.canary.routes) {
    const tr = el('tr'); tr.dataset.route = r.route;
    [r.route, ms(r.lastLatencyMs), ms(r.p50Ms), ms(r.p99Ms), r.arrived + ' / ' + r.sent, ago(r.lastArrivalAt, now)].forEach((v) => tr.appendChild(el('td', v)));
    canary.appendChild(tr);
  }
  const groups = document.getElementById('groups'); groups.replaceChildren();
  // Worst first, so what needs attention is at the top.
  const severity = { STOP: 4, STALL: 3, REWIND: 2, WARN: 1, OK: 0 };
  const ordered = data.lag.groups.slice().sort((a, b) => severity[b.status] - severity[a.status] || b.lag - a.lag || a.groupId.localeCompare(b.groupId));
  for (const g of ordered) {
    const tr = el('tr'); tr.dataset.group = g.groupId; tr.dataset.status = g.status;
    tr.appendChild(el('td', g.groupId));
    const st = el('td'); st.appendChild(el('span', g.status, 'badge ' + g.status)); tr.appendChild(st);
    tr.appendChild(el('td', g.members + ' (' + g.state + ')'));
    tr.appendChild(el('td', g.lag, 'num'));
    tr.appendChild(el('td', seconds(g.lagSeconds), 'num'));
    const spark = el('td'); spark.appendChild(sparkline(g.history)); tr.appendChild(spark);
    const worst = g.partitions.slice().sort((a, b) => b.lag - a.lag)[0];
    tr.appendChild(el('td', worst ? worst.topic + '/' + worst.partition + ': ' + worst.reason : '–', 'muted'));
    groups.appendChild(tr);
  }
}
async function refresh() {
  try {
    const res = await fetch('/api/lag');
    if (!res.ok) throw new Error('monitor answered ' + res.status);
    render(await res.json());
    document.getElementById('problem').textContent = '';
    document.body.dataset.loaded = 'true';
  } catch (e) { document.getElementById('problem').textContent = 'No data: ' + e.message; }
}
refresh(); setInterval(refresh, 2000);
</script>
</body>
</html>
`;
