import { loadDirectory } from '@ksb/directory';
import { publishDirectory } from '@ksb/directory-feed';
import { cliWire, type CliConfig } from '../cli.config';

/** `ksb directory publish`: the bundled directory version onto the compacted directory topic. */
export const directoryPublish = async (config: CliConfig, print: (line: string) => void): Promise<number> => {
  const directory = loadDirectory();
  const wire = cliWire(config);
  try {
    const published = await publishDirectory(wire, directory, new Date());
    print(
      `directory ${directory.version} (${directory.offices.size} offices, ${directory.municipalities.length} municipalities) → ${published.snapshot.topic}; ${published.contacts} contact entries`,
    );
    return 0;
  } finally {
    await wire.close();
  }
};
