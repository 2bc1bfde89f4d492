import { loadDirectory, withSigningKeys } from '@ksb/directory';
import { readKeyRegister, readSigner } from '@ksb/signatures';
import { publishDirectory } from '@ksb/directory-feed';
import { cliWire, type CliConfig } from '../cli.config';

/** `ksb directory publish`: the bundled directory version, signed by the maintainer, onto the directory topic. */
export const directoryPublish = async (config: CliConfig, print: (line: string) => void): Promise<number> => {
  // Without the keys the router, once it takes this snapshot, would refuse every event as signed by an unknown key.
  if (!config.KSB_SIGNING_KEYS_FILE) {
    print(
      'ksb directory publish: KSB_SIGNING_KEYS_FILE is not set (the register of signing keys the directory carries)',
    );
    return 2;
  }
  // Routers and redactors switch only to versions signed by a maintainer key they trust (docs/adr/0019).
  if (!config.KSB_DIRECTORY_SIGNING_KEY_FILE || !config.KSB_DIRECTORY_SIGNING_KEY_ID) {
    print(
      'ksb directory publish: KSB_DIRECTORY_SIGNING_KEY_FILE and KSB_DIRECTORY_SIGNING_KEY_ID are not set (the directory maintainer key)',
    );
    return 2;
  }
  const maintainer = readSigner(config.KSB_DIRECTORY_SIGNING_KEY_ID, config.KSB_DIRECTORY_SIGNING_KEY_FILE);
  const directory = withSigningKeys(loadDirectory(), readKeyRegister(config.KSB_SIGNING_KEYS_FILE));
  const wire = cliWire(config);
  try {
    const published = await publishDirectory(wire, directory, new Date(), maintainer);
    print(
      `directory ${directory.version} signed by ${maintainer.keyId} (${directory.offices.size} offices, ${directory.municipalities.length} municipalities, ${directory.register.municipalities.size} in the register, ${directory.signingKeys.length} signing keys) → ${published.snapshot.topic}; ${published.contacts} contact entries`,
    );
    return 0;
  } finally {
    await wire.close();
  }
};
