import { csvField } from '../record-csv';
import type { AnnualReport, Cell } from './annual-report';

const show = (cell: Cell | undefined, minCell: number): string =>
  !cell ? '0' : 'suppressed' in cell ? `<${minCell}` : String(cell.count);

export const reportMarkdown = (report: AnnualReport): string => {
  const lines = [
    `# Kinderschutz Bridge — activity report ${report.year}${report.office ? ` (${report.office})` : ''}`,
    '',
    `Events received: ${report.events}. Source: the audit trail only (ids, offices and code lists; no personal data).`,
    `Counts below ${report.minCell} are shown as "<${report.minCell}"; where one count in a row is hidden, the next smallest is too.`,
  ];
  for (const t of report.tables) {
    lines.push(
      '',
      `## ${t.title}`,
      '',
      `| ${t.column} | ${t.columns.join(' | ')} |`,
      `|---|${t.columns.map(() => '--:').join('|')}|`,
    );
    for (const row of t.rows)
      lines.push(`| ${row.key} | ${t.columns.map((c) => show(row.cells[c], report.minCell)).join(' | ')} |`);
  }
  lines.push(
    '',
    '## Time to first acknowledgement (minutes)',
    '',
    '| event type | n | median | p90 |',
    '|---|--:|--:|--:|',
  );
  for (const row of report.acknowledgementTimes)
    lines.push(
      `| ${row.key} | ${show(row.n, report.minCell)} | ${row.medianMinutes ?? '–'} | ${row.p90Minutes ?? '–'} |`,
    );
  return `${lines.join('\n')}\n`;
};

/** Long format (table, row, column, value): one shape for every table, easy to pivot in a spreadsheet. */
export const reportCsv = (report: AnnualReport): string => {
  const lines = ['table,row,column,value'];
  const add = (table: string, row: string, column: string, value: string) =>
    lines.push([table, row, column, value].map(csvField).join(','));
  for (const t of report.tables)
    for (const row of t.rows) for (const c of t.columns) add(t.title, row.key, c, show(row.cells[c], report.minCell));
  for (const row of report.acknowledgementTimes) {
    add('Time to first acknowledgement (minutes)', row.key, 'n', show(row.n, report.minCell));
    add('Time to first acknowledgement (minutes)', row.key, 'median', String(row.medianMinutes ?? ''));
    add('Time to first acknowledgement (minutes)', row.key, 'p90', String(row.p90Minutes ?? ''));
  }
  return `${lines.join('\n')}\n`;
};
