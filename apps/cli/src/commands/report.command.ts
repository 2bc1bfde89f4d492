import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { collectAudit } from '@ksb/audit-feature';
import { annualReport, reportChartSvg, reportCsv, reportMarkdown } from '@ksb/audit-trail';
import { cliWire, type CliConfig } from '../cli.config';

/** `ksb report --year 2026 [--office X] [--min-cell 3] [--out-dir DIR]`: Markdown to stdout, or .md, .csv and a .svg chart. */
export const report = async (config: CliConfig, argv: string[], print: (line: string) => void): Promise<number> => {
  const { values } = parseArgs({
    args: argv,
    options: {
      year: { type: 'string' },
      office: { type: 'string' },
      'min-cell': { type: 'string', default: '3' },
      'out-dir': { type: 'string' },
    },
  });
  const year = Number(values.year);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new Error('--year YYYY is required');
  const minCell = Number(values['min-cell']);
  if (!Number.isInteger(minCell) || minCell < 1) throw new Error('--min-cell must be a whole number ≥ 1');
  const wire = cliWire(config);
  try {
    // Hops of a year's events are recorded from 1 January on; the year's receipts decide what counts.
    const records = await collectAudit(wire, { from: new Date(Date.UTC(year, 0, 1)) });
    const result = annualReport(records, { year, office: values.office, minCell });
    if (!values['out-dir']) {
      print(reportMarkdown(result));
      return 0;
    }
    mkdirSync(values['out-dir'], { recursive: true });
    const base = join(values['out-dir'], `report-${year}${values.office ? `-${values.office}` : ''}`);
    writeFileSync(`${base}.md`, reportMarkdown(result));
    writeFileSync(`${base}.csv`, reportCsv(result));
    writeFileSync(`${base}.svg`, reportChartSvg(result));
    print(`wrote ${base}.md, ${base}.csv and ${base}.svg (${result.events} events)`);
    return 0;
  } finally {
    await wire.close();
  }
};
