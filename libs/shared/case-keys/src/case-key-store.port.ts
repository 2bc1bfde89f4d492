/** A case's data key: AES-256, known to the stages that read content and to nobody on the topics. */
export interface CaseKey {
  /** Names the key in every sealed record, never the case id itself (the file store: `<case reference>.<log>.<n>`). */
  readonly keyId: string;
  readonly key: Buffer;
}

export interface ErasureRequest {
  /** Who erases: the operator's Kafka identity or login name. */
  readonly erasedBy: string;
  /** Why, in a few words (kept for ever in the audit trail). */
  readonly reason: string;
  /** The provision that requires it, e.g. "§ 84 Abs. 2 SGB X". */
  readonly legalBasis: string;
}

export interface CaseErasure extends ErasureRequest {
  readonly caseReference: string;
  readonly erasedAt: string;
  /** The keys destroyed: every record sealed under them is unreadable from then on. Empty: none was held. */
  readonly keyIds: readonly string[];
}

/**
 * Where per-case data keys live, wrapped by a key-encryption key (ADR 0023). The local stack keeps them in
 * files (FileCaseKeyStore); production puts a KMS behind the same port (Vault Transit: `datakey` to make one,
 * `decrypt` to unwrap, so the key-encryption key never leaves Vault). Destroying a case's keys is what erases
 * the case from every topic, since Kafka cannot delete one record.
 */
export interface CaseKeyStore {
  /** The case's key, made on its first use; after an erasure a new event of the case gets a new key. */
  keyFor(caseId: string): Promise<CaseKey>;
  /**
   * A key of the case made for one holder alone and never handed out again: what the gateway's key service
   * gives a sender outside the bridge (an agency's producer), so no sender learns a key another one sealed with.
   */
  newKeyFor(caseId: string): Promise<CaseKey>;
  /** A key by the id a sealed record names; CaseErasedError once it is destroyed. */
  keyById(keyId: string): Promise<CaseKey>;
  /** Destroys every key of the case. Again for an erased case: the first erasure, `repeated` true. */
  erase(caseId: string, request: ErasureRequest): Promise<CaseErasure & { readonly repeated: boolean }>;
  /**
   * Destroys these keys alone, not their cases: a record sealed under a key of its own whose period ran out
   * (a delivery the office accepted long enough ago). Keys already gone are skipped; returns those retired.
   */
  retire(keyIds: readonly string[]): Promise<readonly string[]>;
  /** Drops keys made before `before`, whatever their case: the deletion periods enforced by key expiry. */
  expire(before: Date): Promise<readonly string[]>;
  /** Lets go of what it holds open (files, connections). */
  close(): Promise<void>;
}

/** Wraps data keys for storage: a file on the local stack, a KMS key in production. */
export interface KeyEncryptionKey {
  readonly id: string;
  /** `context` (the key id) is bound into the wrap, so a wrapped key cannot be moved to another case's file. */
  wrap(dataKey: Buffer, context: string): Promise<Buffer>;
  unwrap(wrapped: Buffer, context: string): Promise<Buffer>;
}
