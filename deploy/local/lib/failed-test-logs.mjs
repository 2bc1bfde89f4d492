// After a failed broker run, the logs of the services that the failed test files started, so a CI failure
// can be read from its output instead of guessed at. Each service's own lines only (the Kafka client's
// connection chatter would bury them), the last ones, with a count of what was left out.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const LAST_LINES = 80;
const isClientChatter = (line) => line.includes('"logger":"kafkajs"') || line.includes('"context":"RouterExplorer"');

/** Prints the kept logs of every test file the jest report marks as failed; returns how many it printed. */
export const printFailedTestLogs = (reportFile, logDir) => {
  let report;
  try {
    report = JSON.parse(readFileSync(reportFile, 'utf8'));
  } catch {
    return 0;
  }
  const failed = report.testResults.filter((r) => r.status === 'failed').map((r) => basename(r.name));
  let printed = 0;
  for (const file of failed) {
    const dir = join(logDir, file);
    if (!existsSync(dir)) continue;
    for (const log of readdirSync(dir).sort()) {
      const lines = readFileSync(join(dir, log), 'utf8').split('\n').filter(Boolean);
      const own = lines.filter((l) => !isClientChatter(l));
      console.log(
        `\n--- ${file}: ${log} (last ${Math.min(LAST_LINES, own.length)} of ${own.length} own lines; ` +
          `${lines.length - own.length} Kafka client lines left out)`,
      );
      for (const line of own.slice(-LAST_LINES)) console.log(line.length > 600 ? `${line.slice(0, 600)}…` : line);
      printed++;
    }
  }
  return printed;
};
