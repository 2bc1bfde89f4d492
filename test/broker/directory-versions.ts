import { directoryParts, loadDirectory, validateDirectory } from '@ksb/directory';
import { publishDirectory } from '@ksb/directory-feed';
import { readKeyRegister, type Signer, type SigningKey } from '@ksb/signatures';
import { waitUntil, type RunningService, type TestBroker } from '@ksb/testing-broker';

/**
 * Publishes a version of the bundled directory, signed by the maintainer, whose key register is the local one
 * changed by `keys` (a key left out, an office's encryption key added), and waits until `stage` uses it.
 */
export const publishDirectoryVersion = async (
  broker: TestBroker,
  stage: RunningService,
  version: string,
  keys: (register: SigningKey[]) => SigningKey[],
): Promise<void> => {
  const directory = validateDirectory({
    ...directoryParts(loadDirectory()),
    version,
    contacts: [],
    signingKeys: keys(readKeyRegister(broker.serviceEnv().KSB_SIGNING_KEYS_FILE)),
  });
  await publishDirectory(broker.wire, directory, new Date(), broker.signerFor('ksb-directory-maintainer') as Signer);
  await waitUntil(
    async () => stage.logs.some((l) => l.includes('directory version changed') && l.includes(version)),
    (applied) => applied,
    { what: `${stage.name} on directory ${version}`, timeoutMs: 30_000 },
  );
};
