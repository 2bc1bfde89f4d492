import { loadDirectory, withSigningKeys } from '@ksb/directory';
import { readKeyRegister } from '@ksb/signatures';
import { publishDirectory } from '@ksb/directory-feed';
import { cliWire, type CliConfig } from '../cli.config';

/** `ksb directory publish`: the bundled directory version onto the compacted directory topic. */
export const directoryPublish = async (config: CliConfig, print: (line: string) => void): Promise<number> => {
  // Without the keys the router, once it takes this snapshot, would refuse every event as signed by an unknown key.
  if (!config.KSB_SIGNING_KEYS_FILE) {
    print(
      'ksb directory publish: KSB_SIGNING_KEYS_FILE is not set (the register of signing keys the directory carries)',
    );
    return 2;
  }
  const directory = withSigningKeys(loadDirectory(), readKeyRegister(config.KSB_SIGNING_KEYS_FILE));
  const wire = cliWire(config);
  try {
    const published = await publishDirectory(wire, directory, new Date());
    print(
      `directory ${directory.version} (${directory.offices.size} offices, ${directory.municipalities.length} municipalities, ${directory.signingKeys.length} signing keys) → ${published.snapshot.topic}; ${published.contacts} contact entries`,
    );
    return 0;
  } finally {
    await wire.close();
  }
};
