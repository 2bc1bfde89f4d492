import type { Directory } from '@ksb/directory';

/** A snapshot the service would not switch to, kept for /health and the operator. */
export interface RefusedSnapshot {
  readonly version: string;
  readonly code: string;
  readonly reason: string;
  readonly at: string;
}

/**
 * The directory version decisions use right now. Replaced atomically when a new snapshot arrives, so a
 * decision always uses one consistent version, and records which — and which one it refused last.
 */
export class DirectoryHolder {
  private refusedSnapshot?: RefusedSnapshot;
  private signer?: string;

  constructor(private directory: Directory) {}

  current(): Directory {
    return this.directory;
  }

  /** The maintainer key the version in use was signed with; undefined for the files read at start-up. */
  signedBy(): string | undefined {
    return this.signer;
  }

  refused(): RefusedSnapshot | undefined {
    return this.refusedSnapshot;
  }

  /** Returns true when the version changed. A signed version replaces a refusal as the latest word. */
  replace(next: Directory, signedBy?: string): boolean {
    this.refusedSnapshot = undefined;
    if (signedBy) this.signer = signedBy;
    if (next.version === this.directory.version) return false;
    this.directory = next;
    return true;
  }

  refuse(refusal: RefusedSnapshot): void {
    this.refusedSnapshot = refusal;
  }
}
