import type { AuditRecord } from '@ksb/contracts';
import { annualReport } from './annual-report';
import { reportCsv, reportMarkdown } from './render-report';
import { reportChartSvg } from './report-chart';

let n = 0;
const record = (over: Partial<AuditRecord> & { details?: Record<string, string> }): AuditRecord => ({
  auditId: `a-${++n}`,
  hop: 'RECEIVED',
  eventId: null,
  correlationId: null,
  eventType: 'police-notification',
  senderOfficeId: null,
  recipientOfficeId: null,
  payloadSha256: null,
  sequence: n,
  previousHash: '0'.repeat(64),
  recordedAt: '2026-12-31T23:59:59.000Z',
  ...over,
  details: { ...over.details },
});

/** Given: a year of flows — sender, recipient, category, urgency, month, and an optional answer after N minutes. */
const flow = (id: string, month: string, sender: string, to: string, category: string, ackMinutes?: number) => {
  const at = `2026-${month}-10T08:00:00.000Z`;
  const out = [
    record({ eventId: id, senderOfficeId: sender, details: { occurredAt: at, category, urgency: 'NORMAL' } }),
    record({ hop: 'DELIVERED', eventId: id, recipientOfficeId: to, details: { occurredAt: at } }),
  ];
  if (ackMinutes !== undefined)
    out.push(
      record({
        hop: 'ACKNOWLEDGED',
        eventType: 'acknowledgement',
        eventId: `ack-${id}`,
        senderOfficeId: to,
        details: {
          occurredAt: new Date(Date.parse(at) + ackMinutes * 60_000).toISOString(),
          acknowledgedEventId: id,
        },
      }),
    );
  return out;
};

const records = [
  ...[10, 20, 30, 40, 50].flatMap((m, i) =>
    flow(`e${i}`, '03', 'kpb-mettmann', 'ja-stadt-hilden', 'DOMESTIC_VIOLENCE_CHILD_IN_HOUSEHOLD', m),
  ),
  ...flow('e5', '03', 'kpb-mettmann', 'ja-stadt-hilden', 'DOMESTIC_VIOLENCE_CHILD_IN_HOUSEHOLD'),
  ...flow('e6', '07', 'kpb-soest', 'ja-kreis-soest', 'NEGLECT'),
  // Received in another year: not counted, nor is its late answer.
  ...flow('old', '12', 'kpb-soest', 'ja-kreis-soest', 'NEGLECT', 5).map((r) =>
    r.hop === 'RECEIVED' ? { ...r, details: { ...r.details, occurredAt: '2025-12-31T22:00:00.000Z' } } : r,
  ),
  record({ hop: 'REJECTED', eventId: 'bad', details: { occurredAt: '2026-05-01T00:00:00.000Z', reasonCode: 'X' } }),
];

describe('annual report from the audit trail', () => {
  const report = annualReport(records, { year: 2026 });
  const table = (title: string) => report.tables.find((t) => t.title === title) ?? { rows: [] };

  it('counts events per office, category and month in the year of receipt', () => {
    expect(report.events).toBe(7);
    expect(table('Events per office').rows).toEqual([
      { key: 'ja-kreis-soest', cells: { sent: { count: 0 }, received: { suppressed: true } } },
      { key: 'ja-stadt-hilden', cells: { sent: { count: 0 }, received: { count: 6 } } },
      { key: 'kpb-mettmann', cells: { sent: { count: 6 }, received: { count: 0 } } },
      { key: 'kpb-soest', cells: { sent: { suppressed: true }, received: { count: 0 } } },
    ]);
    const months = table('Events per month').rows;
    expect(months).toHaveLength(12);
    expect(months.find((r) => r.key === '03')?.cells).toEqual({ 'police-notification': { count: 6 } });
  });

  it('suppresses small cells, and a second cell where one alone would be given away by the total', () => {
    const categories = table('Events per trigger category').rows;
    expect(categories.find((r) => r.key === 'NEGLECT')?.cells['police-notification']).toEqual({ suppressed: true });
    const split = annualReport(
      [
        ...['a', 'b', 'c', 'd'].flatMap((id) => flow(id, '01', 'kpb-x', 'ja-y', 'NEGLECT')),
        ...flow('e', '01', 'kpb-x', 'ja-y', 'NEGLECT').map((r) => ({ ...r, eventType: 'other' })),
        ...['f', 'g', 'h']
          .flatMap((id) => flow(id, '01', 'kpb-x', 'ja-y', 'NEGLECT'))
          .map((r) => ({
            ...r,
            eventType: 'third',
          })),
      ],
      { year: 2026 },
    );
    const row = split.tables.find((t) => t.title === 'Events per trigger category')?.rows[0];
    expect(row?.cells).toEqual({
      other: { suppressed: true },
      'police-notification': { count: 4 },
      third: { suppressed: true },
    });
  });

  it('gives median and p90 of the time to the first acknowledgement, and hides too few', () => {
    expect(report.acknowledgementTimes).toEqual([
      { key: 'police-notification', n: { count: 5 }, medianMinutes: 30, p90Minutes: 50 },
    ]);
    const few = annualReport(flow('x', '02', 'kpb-x', 'ja-y', 'NEGLECT', 3), { year: 2026 });
    expect(few.acknowledgementTimes).toEqual([{ key: 'police-notification', n: { suppressed: true } }]);
  });

  it('narrows to one office: what it sent or had delivered', () => {
    expect(annualReport(records, { year: 2026, office: 'ja-kreis-soest' }).events).toBe(1);
    expect(annualReport(records, { year: 2026, office: 'kpb-mettmann' }).events).toBe(6);
  });

  it('counts cases erased per month by the provision, once per case, and for an office only its own cases', () => {
    const erasure = (caseId: string, month: string, legalBasis: string, repeated = 'false') =>
      record({
        hop: 'ERASED',
        eventType: null,
        correlationId: caseId,
        details: { occurredAt: `2026-${month}-02T10:00:00.000Z`, legalBasis, repeated },
      });
    const own = flow('mine', '05', 'kpb-mettmann', 'ja-stadt-hilden', 'NEGLECT').map((r) => ({
      ...r,
      correlationId: 'case-mine',
    }));
    const withErasures = [
      ...records,
      ...own,
      ...['case-mine', 'case-2', 'case-3'].map((c) => erasure(c, '06', '§ 84 Abs. 2 SGB X')),
      erasure('case-2', '06', '§ 84 Abs. 2 SGB X', 'true'),
      erasure('case-4', '07', 'Art. 17 DSGVO'),
    ];
    const erased = (office?: string) =>
      annualReport(withErasures, { year: 2026, office }).tables.find((t) => t.title.startsWith('Cases erased'));
    const all = erased();
    expect(all?.columns).toEqual(['Art. 17 DSGVO', '§ 84 Abs. 2 SGB X']);
    expect(all?.rows).toHaveLength(12);
    expect(all?.rows.find((r) => r.key === '06')?.cells).toEqual({
      'Art. 17 DSGVO': { count: 0 },
      '§ 84 Abs. 2 SGB X': { count: 3 },
    });
    expect(all?.rows.find((r) => r.key === '07')?.cells['Art. 17 DSGVO']).toEqual({ suppressed: true });
    const mettmann = erased('kpb-mettmann');
    expect(mettmann?.columns).toEqual(['§ 84 Abs. 2 SGB X']);
    expect(mettmann?.rows.find((r) => r.key === '06')?.cells).toEqual({ '§ 84 Abs. 2 SGB X': { suppressed: true } });
  });

  it('renders Markdown and long CSV with the suppression marks', () => {
    const md = reportMarkdown(report);
    expect(md).toContain('| kpb-soest | <3 | 0 |');
    expect(md).toContain('| police-notification | 5 | 30 | 50 |');
    const csv = reportCsv(report).trim().split('\n');
    expect(csv[0]).toBe('table,row,column,value');
    expect(csv).toContain('Events per office,kpb-mettmann,sent,6');
    expect(csv).toContain('Rejected messages per reason,X,rejected,<3');
  });

  it('draws events per month as SVG, small months hatched and labelled with the threshold only', () => {
    const svg = reportChartSvg(report);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<rect x=/g)).toHaveLength(12);
    expect(svg).toContain('>6</text>');
    expect(svg).toContain('>&lt;3</text>');
    expect(svg).toContain('fill="url(#hidden)"');
  });
});
