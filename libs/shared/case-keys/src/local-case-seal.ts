import { readFileSync } from 'node:fs';
import { CaseSeal } from './case-seal';
import { FileCaseKeyStore } from './file-case-key-store';
import { LocalKeyEncryptionKey } from './local-key-encryption-key';

/** The file store of the local stack and compose: key directory, and the key-encryption key (base64) in a file. */
export const fileCaseSeal = (keyDir: string, kekFile: string): CaseSeal =>
  new CaseSeal(
    new FileCaseKeyStore(
      keyDir,
      new LocalKeyEncryptionKey(Buffer.from(readFileSync(kekFile, 'utf8').trim(), 'base64')),
    ),
  );
