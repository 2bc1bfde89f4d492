import type { Directory } from '@ksb/directory';

/**
 * The directory version decisions use right now. Replaced atomically when a new snapshot arrives, so a
 * decision always uses one consistent version, and records which.
 */
export class DirectoryHolder {
  constructor(private directory: Directory) {}

  current(): Directory {
    return this.directory;
  }

  /** Returns true when the version changed. */
  replace(next: Directory): boolean {
    if (next.version === this.directory.version) return false;
    this.directory = next;
    return true;
  }
}
