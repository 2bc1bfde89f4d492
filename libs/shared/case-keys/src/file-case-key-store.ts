import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaseErasure, CaseKey, CaseKeyStore, ErasureRequest, KeyEncryptionKey } from './case-key-store.port';
import {
  CaseErasedError,
  CaseKeyRetiredError,
  CaseKeyStoreUnavailableError,
  CaseKeyUnknownError,
} from './case-keys.errors';
import { freshRandom } from './random-pool';

/** A case's reference in key ids and files: not the correlation id itself, which would name it. */
export const caseReference = (caseId: string): string =>
  createHash('sha256').update(`ksb-case:${caseId}`).digest('hex').slice(0, 32);

/**
 * One entry of a key log, fixed length so a key id can name its place: the case reference, the wrapped key
 * (base64 of IV, AES-256 key and tag: 80 characters), when it was made (ms), newline.
 */
const ENTRY = 128;
const WRAPPED_AT = 33;
const WRAPPED_CHARS = 80;
/** What an erasure writes over a wrapped key, in place. */
const DESTROYED = '-'.repeat(WRAPPED_CHARS);
const KEY_ID = /^([0-9a-f]{32})\.([0-9a-z]{8,32})\.(\d{1,9})$/;
/** A process's log takes new keys for an hour or 50,000 keys, so expiry can drop whole logs. */
const LOG_MAX_KEYS = 50_000;
const LOG_MAX_AGE_MS = 3_600_000;

interface Tombstone {
  readonly erasures: readonly CaseErasure[];
}

interface OpenLog {
  readonly id: string;
  readonly file: FileHandle;
  readonly openedAt: number;
  count: number;
}

interface LogReader {
  readonly file: FileHandle;
  readonly openedAt: number;
  /** Entries read so far, by index, and when each was read. */
  readonly entries: string[];
  readonly readAt: number[];
  /** The read-on under way: lookups at the same time share it rather than each appending what it read. */
  reading?: Promise<void>;
  /** Re-reads under way, by block of REREAD_ENTRIES entries: the lookups of one slice share them. */
  readonly rereading: Map<number, Promise<void>>;
  /**
   * This process's erasures in the log, counted, and the entries they overwrote with the count after each: a
   * read begun before one may hold the bytes it overwrote, so such an entry is taken as due for its recheck,
   * not as just read. The reader is opened again within a minute, so this stays small.
   */
  erasures: number;
  readonly erasedAt: Map<number, number>;
}

/** Logs a process keeps open to read keys from: one per writing process and hour, so a few. */
const MAX_OPEN_LOGS = 64;
const REOPEN_MS = 60_000;
/** Entries read again together, 64 KiB, as a read-on reads: the block around one due for its recheck. */
const REREAD_ENTRIES = 512;

interface Pending {
  readonly reference: string;
  readonly resolve: (key: CaseKey) => void;
  readonly reject: (error: unknown) => void;
}

/** When an entry just read counts as read: never, if this process erased it while the read was under way. */
const readAtUnlessErased = (log: LogReader, index: number, erasuresBefore: number, at: number): number =>
  (log.erasedAt.get(index) ?? 0) > erasuresBefore ? -Infinity : at;

const code = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

/**
 * The local stack's key store. Creating a file per case cost about a millisecond of system time here, on
 * the router's hot path, so keys go into append-only logs instead: each process appends to a log of its own
 * (`logs/<id>.keys`), all keys asked for while one write is under way in the next single write and sync, and
 * a key id names its log and place (`<case reference>.<log>.<n>`) so any process reads it with one pread.
 * A process remembers its cases' keys; another instance, or the same after a restart, makes the case a key of
 * its own, so a case may have several keys. Erasure finds them all by the case reference every entry starts
 * with, overwrites each in place and records a tombstone (`erased/<case reference>.json`) with who and why.
 * Expiry deletes logs whole.
 */
export class FileCaseKeyStore implements CaseKeyStore {
  private ready?: Promise<void>;
  private log?: OpenLog;
  private queue: Pending[] = [];
  private flushing?: Promise<void>;
  /** This process's key per case, checked against its log again after `recheckMs` (an erasure elsewhere). */
  private readonly known = new Map<string, { key: CaseKey; checkedAt: number }>();
  private readonly readers = new Map<string, LogReader>();
  /** Logs being opened (readerOf). */
  private readonly opening = new Map<string, Promise<LogReader | undefined>>();
  /** Keys being made: several events of one new case in one slice get one key. */
  private readonly making = new Map<string, Promise<CaseKey>>();

  constructor(
    private readonly dir: string,
    private readonly kek: KeyEncryptionKey,
    private readonly now: () => Date = () => new Date(),
    private readonly recheckMs = 5_000,
  ) {}

  async keyFor(caseId: string): Promise<CaseKey> {
    const reference = caseReference(caseId);
    const mine = this.known.get(reference);
    const at = this.now().getTime();
    if (mine && at - mine.checkedAt < this.recheckMs) return mine.key;
    if (mine) {
      const still = await this.keyById(mine.key.keyId).catch(() => undefined);
      if (still) {
        mine.checkedAt = at;
        return still;
      }
      this.known.delete(reference);
    }
    let making = this.making.get(reference);
    if (!making) {
      making = this.make(reference);
      this.making.set(reference, making);
      void making
        .then(
          (key) => this.known.set(reference, { key, checkedAt: at }),
          () => undefined,
        )
        .finally(() => this.making.delete(reference));
    }
    return making;
  }

  newKeyFor(caseId: string): Promise<CaseKey> {
    return this.make(caseReference(caseId));
  }

  async keyById(keyId: string): Promise<CaseKey> {
    const match = KEY_ID.exec(keyId);
    if (!match) throw new CaseKeyUnknownError(`${JSON.stringify(keyId)} is no case key id`);
    const [, reference, logId, index] = match;
    const entry = await this.readEntry(logId, Number(index));
    if (entry === undefined || entry.slice(0, 32) !== reference) {
      const erasure = (await this.tombstone(reference))?.erasures.find((e) => e.keyIds.includes(keyId));
      if (erasure) throw new CaseErasedError(`case key ${keyId} was destroyed on ${erasure.erasedAt}`);
      throw new CaseKeyUnknownError(`case key ${keyId} is not in this store (its log expired, or never was here)`);
    }
    const wrapped = entry.slice(WRAPPED_AT, WRAPPED_AT + WRAPPED_CHARS);
    if (wrapped === DESTROYED) {
      const erasure = (await this.tombstone(reference))?.erasures.find((e) => e.keyIds.includes(keyId));
      if (erasure) throw new CaseErasedError(`case key ${keyId} was destroyed on ${erasure.erasedAt}`);
      throw new CaseKeyRetiredError(`case key ${keyId} was retired: the period of what it sealed ran out`);
    }
    return { keyId, key: await this.kek.unwrap(Buffer.from(wrapped, 'base64'), keyId) };
  }

  async erase(caseId: string, request: ErasureRequest): Promise<CaseErasure & { repeated: boolean }> {
    const reference = caseReference(caseId);
    const tombstone = await this.tombstone(reference);
    const live = await this.liveEntries(reference);
    this.known.delete(reference);
    const earlier = tombstone?.erasures.at(-1);
    if (live.length === 0 && earlier) return { ...earlier, repeated: true };
    const erasure: CaseErasure = {
      ...request,
      caseReference: reference,
      erasedAt: this.now().toISOString(),
      keyIds: live.map((e) => e.keyId),
    };
    // The record first: a crash before the keys are overwritten leaves them live, and the next run finds and
    // destroys them; the other way round a crash would leave destroyed keys without a record of who and why.
    await this.writeAtomically(this.tombstonePath(reference), {
      erasures: [...(tombstone?.erasures ?? []), erasure],
    } satisfies Tombstone);
    await this.destroy(live);
    return { ...erasure, repeated: false };
  }

  async retire(keyIds: readonly string[]): Promise<string[]> {
    const live: { keyId: string; log: string; offset: number }[] = [];
    for (const keyId of new Set(keyIds)) {
      const match = KEY_ID.exec(keyId);
      if (!match) continue;
      const [, reference, logId, index] = match;
      const entry = await this.readEntry(logId, Number(index));
      if (entry?.slice(0, 32) !== reference || entry.slice(WRAPPED_AT, WRAPPED_AT + WRAPPED_CHARS) === DESTROYED)
        continue;
      live.push({ keyId, log: `${logId}.keys`, offset: Number(index) * ENTRY });
    }
    await this.destroy(live);
    return live.map((e) => e.keyId);
  }

  /** Deletes every log last written before `before`, with all keys in it: content sealed under them is gone. */
  async expire(before: Date): Promise<string[]> {
    const expired: string[] = [];
    for (const name of await this.logNames()) {
      if (name === `${this.log?.id}.keys`) continue;
      const written = await stat(join(this.dir, 'logs', name)).then(
        (s) => s.mtimeMs,
        (error: unknown) => {
          if (code(error) === 'ENOENT') return Infinity;
          throw this.unavailable(error);
        },
      );
      if (written >= before.getTime()) continue;
      await rm(join(this.dir, 'logs', name), { force: true });
      const id = name.slice(0, -'.keys'.length);
      const reader = this.readers.get(id);
      this.readers.delete(id);
      if (reader) await this.closeWhenIdle(reader);
      expired.push(name);
    }
    return expired;
  }

  /** Closes the log it writes and the logs it reads, after the write under way. */
  async close(): Promise<void> {
    await this.flushing;
    const open = [this.log?.file, ...[...this.readers.values()].map((r) => r.file)];
    this.log = undefined;
    this.readers.clear();
    await Promise.allSettled(open.map((file) => file?.close()));
  }

  /** A new key of the case in this process's log, written with the others asked for meanwhile. */
  private make(reference: string): Promise<CaseKey> {
    return new Promise<CaseKey>((resolve, reject) => {
      this.queue.push({ reference, resolve, reject });
      void this.flush();
    });
  }

  /** Writes every key asked for since the last write in one append and one sync; one write at a time. */
  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = (async () => {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        try {
          const keys = await this.append(batch.map((p) => p.reference));
          batch.forEach((p, i) => p.resolve(keys[i]));
        } catch (error) {
          const failure = error instanceof CaseKeyStoreUnavailableError ? error : this.unavailable(error);
          batch.forEach((p) => p.reject(failure));
        }
      }
    })().finally(() => {
      this.flushing = undefined;
      // Asked for between the loop's last look and now: not left waiting.
      if (this.queue.length > 0) void this.flush();
    });
    return this.flushing;
  }

  private async append(references: readonly string[]): Promise<CaseKey[]> {
    const log = await this.currentLog();
    const createdMs = String(this.now().getTime()).padStart(13, '0');
    const keys: CaseKey[] = [];
    const lines: string[] = [];
    for (const [i, reference] of references.entries()) {
      const keyId = `${reference}.${log.id}.${log.count + i}`;
      const key = freshRandom(32);
      const wrapped = (await this.kek.wrap(key, keyId)).toString('base64');
      if (wrapped.length !== WRAPPED_CHARS) throw new Error(`a wrapped key has ${wrapped.length} characters`);
      lines.push(`${reference} ${wrapped} ${createdMs}\n`);
      keys.push({ keyId, key });
    }
    const bytes = Buffer.from(lines.join(''), 'ascii');
    await log.file.write(bytes, 0, bytes.length, log.count * ENTRY);
    // On disk before the router's transaction commits a record sealed under it: Kafka keeps that record
    // through a power loss, and a key that was only in the page cache would leave it unreadable.
    await log.file.sync();
    log.count += references.length;
    return keys;
  }

  private async currentLog(): Promise<OpenLog> {
    const at = this.now().getTime();
    if (this.log && this.log.count < LOG_MAX_KEYS && at - this.log.openedAt < LOG_MAX_AGE_MS) return this.log;
    await this.log?.file.close();
    await this.ensureDirs();
    const id = `${at.toString(36)}${randomBytes(4).toString('hex')}`;
    const file = await open(join(this.dir, 'logs', `${id}.keys`), 'wx', 0o600);
    await this.syncDir('logs');
    this.log = { id, file, openedAt: at, count: 0 };
    return this.log;
  }

  /**
   * One entry of a log. A reader (the redactor opening one new case after another) reads on from where it
   * stopped, so one read brings every entry appended since; an entry read more than `recheckMs` ago is read
   * again, so an erasure elsewhere shows within that time. Logs stay open while they are read.
   */
  private async readEntry(logId: string, index: number, again = false): Promise<string | undefined> {
    const at = this.now().getTime();
    const log = await this.readerOf(logId, at);
    if (!log) return undefined;
    try {
      // A read-on that began before this entry was written may end short of it: then one more, after it.
      for (let tries = 0; index >= log.entries.length && tries < 2; tries += 1) await this.readOnOnce(log, at);
      if (index >= log.entries.length) return undefined;
      // A re-read this lookup joined may have begun before an erasure here: then once more, after it.
      for (let tries = 0; at - log.readAt[index] >= this.recheckMs; tries += 1) {
        if (tries === 3) throw this.unavailable(new Error(`entry ${index} of log ${logId} changed under every read`));
        await this.rereadBlock(log, Math.floor(index / REREAD_ENTRIES), at);
      }
      return log.entries[index];
    } catch (error) {
      // The reader was replaced under this lookup (opened again, or pushed out by other logs) and its handle
      // closed between two of its reads: once more, with the reader now in use.
      if (!again && this.readers.get(logId) !== log) return this.readEntry(logId, index, true);
      throw error;
    }
  }

  /**
   * Reads a block of entries again, once for all lookups in it at the same time. A redactor behind a backlog
   * opens keys written more than `recheckMs` ago one after another: reading each entry on its own cost a
   * file read per event (the stages' profile at 2,000 events/s, 2026-12-07).
   */
  private rereadBlock(log: LogReader, block: number, at: number): Promise<void> {
    let reading = log.rereading.get(block);
    if (!reading) {
      reading = this.reread(log, block * REREAD_ENTRIES, at).finally(() => log.rereading.delete(block));
      log.rereading.set(block, reading);
    }
    return reading;
  }

  private async reread(log: LogReader, first: number, at: number): Promise<void> {
    const count = Math.min(REREAD_ENTRIES, log.entries.length - first);
    const chunk = Buffer.allocUnsafe(count * ENTRY);
    const erasures = log.erasures;
    const { bytesRead } = await log.file.read(chunk, 0, chunk.length, first * ENTRY);
    for (let i = 0; i < Math.floor(bytesRead / ENTRY); i += 1) {
      log.entries[first + i] = chunk.toString('ascii', i * ENTRY, (i + 1) * ENTRY);
      log.readAt[first + i] = readAtUnlessErased(log, first + i, erasures, at);
    }
  }

  /**
   * The open reader of a log, opened again now and then (an expired log is unlinked, and an open handle would
   * still read it). Lookups at the same time share one opening, as they share one read-on: each opening its own
   * left all but one handle unclosed and read the log once per lookup.
   */
  private readerOf(logId: string, at: number): Promise<LogReader | undefined> {
    const log = this.readers.get(logId);
    if (log && at - log.openedAt < REOPEN_MS) return Promise.resolve(log);
    let opening = this.opening.get(logId);
    if (!opening) {
      opening = this.openReader(logId, at, log).finally(() => this.opening.delete(logId));
      this.opening.set(logId, opening);
    }
    return opening;
  }

  private async openReader(logId: string, at: number, stale?: LogReader): Promise<LogReader | undefined> {
    if (stale) {
      this.readers.delete(logId);
      await this.closeWhenIdle(stale);
    }
    let file: FileHandle;
    try {
      file = await open(join(this.dir, 'logs', `${logId}.keys`), 'r');
    } catch (error) {
      if (code(error) === 'ENOENT') return undefined;
      throw this.unavailable(error);
    }
    const log: LogReader = {
      file,
      openedAt: at,
      entries: [],
      readAt: [],
      rereading: new Map(),
      erasures: 0,
      erasedAt: new Map(),
    };
    this.readers.set(logId, log);
    if (this.readers.size > MAX_OPEN_LOGS) {
      const [oldest, reader] = this.readers.entries().next().value as [string, LogReader];
      this.readers.delete(oldest);
      // Nobody waits for this one: a failure to close must not end the process as an unhandled rejection.
      void this.closeWhenIdle(reader).catch(() => undefined);
    }
    return log;
  }

  /**
   * Closes a reader no longer in use once its reads under way have ended: the lookups waiting for them must not
   * find its handle closed (a lookup that reads on it afterwards takes the new reader: readEntry).
   */
  private async closeWhenIdle(reader: LogReader): Promise<void> {
    await Promise.allSettled([reader.reading, ...reader.rereading.values()]);
    await reader.file.close();
  }

  private readOnOnce(log: LogReader, at: number): Promise<void> {
    log.reading ??= this.readOn(log, at).finally(() => (log.reading = undefined));
    return log.reading;
  }

  private async readOn(log: LogReader, at: number): Promise<void> {
    // Not zeroed: only whole entries within bytesRead are taken. A reader following a busy router reads on for
    // nearly every record, and zeroing 64 KiB each time showed in the stages' CPU.
    const chunk = Buffer.allocUnsafe(ENTRY * 512);
    for (;;) {
      const erasures = log.erasures;
      const { bytesRead } = await log.file.read(chunk, 0, chunk.length, log.entries.length * ENTRY);
      const whole = Math.floor(bytesRead / ENTRY);
      for (let i = 0; i < whole; i += 1) {
        log.readAt.push(readAtUnlessErased(log, log.entries.length, erasures, at));
        log.entries.push(chunk.toString('ascii', i * ENTRY, (i + 1) * ENTRY));
      }
      if (bytesRead < chunk.length) return;
    }
  }

  /** Every key of the case still held, in every log. */
  private async liveEntries(reference: string): Promise<{ keyId: string; log: string; offset: number }[]> {
    const found: { keyId: string; log: string; offset: number }[] = [];
    for (const name of await this.logNames()) {
      let text: string;
      try {
        text = await readFile(join(this.dir, 'logs', name), 'ascii');
      } catch (error) {
        if (code(error) === 'ENOENT') continue;
        throw this.unavailable(error);
      }
      const logId = name.slice(0, -'.keys'.length);
      for (let offset = 0; offset + ENTRY <= text.length; offset += ENTRY)
        if (
          text.startsWith(reference, offset) &&
          text.slice(offset + WRAPPED_AT, offset + WRAPPED_AT + WRAPPED_CHARS) !== DESTROYED
        )
          found.push({ keyId: `${reference}.${logId}.${offset / ENTRY}`, log: name, offset });
    }
    return found;
  }

  /** Overwrites each wrapped key in place and syncs, so the bytes do not linger in the file's blocks. */
  private async destroy(entries: readonly { log: string; offset: number }[]): Promise<void> {
    for (const entry of entries) {
      const file = await open(join(this.dir, 'logs', entry.log), 'r+').catch((error: unknown) => {
        throw this.unavailable(error);
      });
      try {
        await file.write(Buffer.from(DESTROYED, 'ascii'), 0, WRAPPED_CHARS, entry.offset + WRAPPED_AT);
        await file.sync();
      } finally {
        await file.close();
      }
      // This process reads it again at once, reads under way included; others within recheckMs.
      const reader = this.readers.get(entry.log.slice(0, -'.keys'.length));
      if (!reader) continue;
      reader.erasures += 1;
      reader.erasedAt.set(entry.offset / ENTRY, reader.erasures);
      if (entry.offset / ENTRY < reader.readAt.length) reader.readAt[entry.offset / ENTRY] = -Infinity;
    }
  }

  private async logNames(): Promise<string[]> {
    try {
      return (await readdir(join(this.dir, 'logs'))).filter((n) => n.endsWith('.keys'));
    } catch (error) {
      if (code(error) === 'ENOENT') return [];
      throw this.unavailable(error);
    }
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
  private async syncDir(name: 'logs' | 'erased'): Promise<void> {
    const dir = await open(join(this.dir, name), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  private ensureDirs(): Promise<void> {
    this.ready ??= Promise.all([
      mkdir(join(this.dir, 'logs'), { recursive: true, mode: 0o700 }),
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

  private tombstonePath(reference: string): string {
    return join(this.dir, 'erased', `${reference}.json`);
  }

  private unavailable(error: unknown): CaseKeyStoreUnavailableError {
    return new CaseKeyStoreUnavailableError(`case key store ${this.dir}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
