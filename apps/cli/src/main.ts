import { loadCliConfig } from './cli.config';
import { topicsApply } from './commands/topics-apply.command';

const USAGE = 'usage: ksb topics apply';
const print = (line: string) => process.stdout.write(`${line}\n`);

const commands: Record<string, () => Promise<number>> = {
  'topics apply': () => topicsApply(loadCliConfig(), print),
};

const main = async (argv: string[]): Promise<number> => {
  const run = commands[argv.slice(0, 2).join(' ')];
  if (!run) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  return run();
};

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    process.stderr.write(`ksb: ${error.message}\n`);
    process.exit(1);
  },
);
