import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaseErasure, CaseKey, CaseKeyStore, ErasureRequest, KeyEncryptionKey } from './case-key-store.port';
import { CaseErasedError, CaseKeyStoreUnavailableError, CaseKeyUnknownError } from './case-keys.errors';

/** A case's reference in key ids and file names: not the correlation id itself, which would name it. */
export const caseReference = (caseId: string): string =>
  createHash('sha256').update(`ksb-case:${caseId}`).digest('hex').slice(0, 32);

const KEY_ID = /^([0-9a-f]{32})\.([1-9][0-9]{0,5})$/;

interface StoredKey {
  readonly keyId: string;
  readonly kek: string;
  readonly wrapped: string;
  readonly createdAt: string;
}

interface Tombstone {
  /** Every generation up to this one is destroyed. */
  readonly throughGeneration: number;
  readonly erasures: readonly CaseErasure[];
}

const code = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

/**
 * One wrapped key per case and generation in `keys/`, and the erasures of a case in `erased/` (its
 * tombstone: the generations destroyed, who, when, why). Several processes share the directory: a key is
 * created with O_EXCL, so two routers meeting a new case at once end up with the same key.
 */
export class FileCaseKeyStore implements CaseKeyStore {
  private ready?: Promise<void>;

  constructor(
    private readonly dir: string,
    private readonly kek: KeyEncryptionKey,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async keyFor(caseId: string): Promise<CaseKey> {
    const reference = caseReference(caseId);
    const generation = ((await this.tombstone(reference))?.throughGeneration ?? 0) + 1;
    const keyId = `${reference}.${generation}`;
    const stored = await this.read(keyId);
    if (stored) return this.unwrap(stored);
    return this.create(keyId);
  }

  async keyById(keyId: string): Promise<CaseKey> {
    const match = KEY_ID.exec(keyId);
    if (!match) throw new CaseKeyUnknownError(`${JSON.stringify(keyId)} is no case key id`);
    const stored = await this.read(keyId);
    if (stored) return this.unwrap(stored);
    const tombstone = await this.tombstone(match[1]);
    if (tombstone && tombstone.throughGeneration >= Number(match[2])) {
      const erasure = tombstone.erasures.find((e) => e.keyIds.includes(keyId)) ?? tombstone.erasures.at(-1);
      throw new CaseErasedError(`case key ${keyId} was destroyed${erasure ? ` on ${erasure.erasedAt}` : ''}`);
    }
    throw new CaseKeyUnknownError(`case key ${keyId} is not in this store`);
  }

  async erase(caseId: string, request: ErasureRequest): Promise<CaseErasure & { repeated: boolean }> {
    const reference = caseReference(caseId);
    const tombstone = await this.tombstone(reference);
    const generation = (tombstone?.throughGeneration ?? 0) + 1;
    const keyId = `${reference}.${generation}`;
    const held = await this.read(keyId);
    if (!held && tombstone && tombstone.erasures.length > 0)
      return { ...(tombstone.erasures.at(-1) as CaseErasure), repeated: true };
    const erasure: CaseErasure = {
      ...request,
      caseReference: reference,
      erasedAt: this.now().toISOString(),
      keyIds: held ? [keyId] : [],
    };
    // The tombstone first: a crash between the two leaves a key that is already refused, not one that
    // was destroyed without a record of it.
    await this.writeAtomically(this.tombstonePath(reference), {
      throughGeneration: generation,
      erasures: [...(tombstone?.erasures ?? []), erasure],
    } satisfies Tombstone);
    if (held) await this.destroy(keyId);
    return { ...erasure, repeated: false };
  }

  private async create(keyId: string): Promise<CaseKey> {
    await this.ensureDirs();
    const key = randomBytes(32);
    const stored: StoredKey = {
      keyId,
      kek: this.kek.id,
      wrapped: (await this.kek.wrap(key, keyId)).toString('base64'),
      createdAt: this.now().toISOString(),
    };
    try {
      const file = await open(this.keyPath(keyId), 'wx', 0o600);
      try {
        await file.writeFile(JSON.stringify(stored));
        // On disk before the router's transaction commits a record sealed under it: Kafka keeps that record
        // through a power loss, and a key that was only in the page cache would leave it unreadable.
        await file.sync();
      } finally {
        await file.close();
      }
      await this.syncDir('keys');
      return { keyId, key };
    } catch (error) {
      if (code(error) !== 'EEXIST') throw this.unavailable(error);
      // Another process made it first (or is writing it this instant): use theirs.
      for (let attempt = 0; attempt < 20; attempt += 1) {
        const theirs = await this.read(keyId);
        if (theirs) return this.unwrap(theirs);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      throw new CaseKeyStoreUnavailableError(`case key ${keyId} exists but could not be read`);
    }
  }

  /** Overwritten before it is removed, so the bytes do not linger in the file's blocks. */
  private async destroy(keyId: string): Promise<void> {
    const path = this.keyPath(keyId);
    try {
      const file = await open(path, 'r+');
      try {
        const { size } = await file.stat();
        await file.write(Buffer.alloc(size), 0, size, 0);
        await file.sync();
      } finally {
        await file.close();
      }
      await rm(path);
    } catch (error) {
      if (code(error) !== 'ENOENT') throw this.unavailable(error);
    }
  }

  private async read(keyId: string): Promise<StoredKey | undefined> {
    try {
      const text = await readFile(this.keyPath(keyId), 'utf8');
      // An empty or partial file is one being written by another process this instant.
      return text.length === 0 ? undefined : (JSON.parse(text) as StoredKey);
    } catch (error) {
      if (code(error) === 'ENOENT' || error instanceof SyntaxError) return undefined;
      throw this.unavailable(error);
    }
  }

  private async unwrap(stored: StoredKey): Promise<CaseKey> {
    if (stored.kek !== this.kek.id)
      throw new CaseKeyStoreUnavailableError(
        `case key ${stored.keyId} is wrapped by ${stored.kek}, not ${this.kek.id}`,
      );
    return { keyId: stored.keyId, key: await this.kek.unwrap(Buffer.from(stored.wrapped, 'base64'), stored.keyId) };
  }

  private async tombstone(reference: string): Promise<Tombstone | undefined> {
    try {
      return JSON.parse(await readFile(this.tombstonePath(reference), 'utf8')) as Tombstone;
    } catch (error) {
      if (code(error) === 'ENOENT') return undefined;
      throw this.unavailable(error);
    }
  }

  private async writeAtomically(path: string, value: object): Promise<void> {
    await this.ensureDirs();
    const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    try {
      await writeFile(temporary, JSON.stringify(value, null, 2), { mode: 0o600, flush: true });
      await rename(temporary, path);
      await this.syncDir('erased');
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  /** A new or renamed file's directory entry is durable only once the directory itself is synced. */
  private async syncDir(name: 'keys' | 'erased'): Promise<void> {
    const dir = await open(join(this.dir, name), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  private ensureDirs(): Promise<void> {
    this.ready ??= Promise.all([
      mkdir(join(this.dir, 'keys'), { recursive: true, mode: 0o700 }),
      mkdir(join(this.dir, 'erased'), { recursive: true, mode: 0o700 }),
    ]).then(
      () => undefined,
      (error: unknown) => {
        this.ready = undefined;
        throw this.unavailable(error);
      },
    );
    return this.ready;
  }

  private keyPath(keyId: string): string {
    return join(this.dir, 'keys', `${keyId}.json`);
  }

  private tombstonePath(reference: string): string {
    return join(this.dir, 'erased', `${reference}.json`);
  }

  private unavailable(error: unknown): CaseKeyStoreUnavailableError {
    return new CaseKeyStoreUnavailableError(`case key store ${this.dir}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
