import type { AnnualReport } from './annual-report';

const escape = (text: string) =>
  text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c);

/**
 * Events per month as a bar chart (SVG, no library): a picture for the printed report. Suppressed months
 * are drawn as a hatched stub labelled with the threshold, never with their true height.
 */
export const reportChartSvg = (report: AnnualReport): string => {
  const months = report.tables.find((t) => t.title === 'Events per month');
  const rows = months?.rows ?? [];
  const totals = rows.map((row) => {
    const cells = Object.values(row.cells);
    const hidden = cells.some((c) => 'suppressed' in c);
    return { month: row.key, hidden, count: cells.reduce((n, c) => n + ('count' in c ? c.count : 0), 0) };
  });
  const max = Math.max(report.minCell, ...totals.map((t) => t.count));
  const width = 640;
  const height = 260;
  const bar = (width - 60) / Math.max(1, totals.length);
  const y = (n: number) => height - 40 - (n / max) * (height - 80);
  const bars = totals
    .map((t, i) => {
      const x = 40 + i * bar + 4;
      const h = t.hidden ? Math.max(4, height - 40 - y(report.minCell)) : height - 40 - y(t.count);
      const label = t.hidden ? `<${report.minCell}` : String(t.count);
      return (
        `<rect x="${x.toFixed(1)}" y="${(height - 40 - h).toFixed(1)}" width="${(bar - 8).toFixed(1)}" height="${h.toFixed(1)}" ` +
        `fill="${t.hidden ? 'url(#hidden)' : '#1565c0'}"/>` +
        `<text x="${(x + (bar - 8) / 2).toFixed(1)}" y="${(height - 44 - h).toFixed(1)}" text-anchor="middle" font-size="11">${escape(label)}</text>` +
        `<text x="${(x + (bar - 8) / 2).toFixed(1)}" y="${height - 24}" text-anchor="middle" font-size="11">${escape(t.month)}</text>`
      );
    })
    .join('');
  const title = `Events per month ${report.year}${report.office ? ` — ${report.office}` : ''}`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif">` +
    `<defs><pattern id="hidden" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">` +
    `<rect width="3" height="6" fill="#9e9e9e"/></pattern></defs>` +
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">${escape(title)}</text>` +
    `<line x1="36" y1="${height - 40}" x2="${width - 16}" y2="${height - 40}" stroke="#444"/>${bars}</svg>\n`
  );
};
