import { Counter, Registry } from 'prom-client';
import type { Directory } from '@ksb/directory';
import type { Wire } from '@ksb/wire';
import { DirectoryHolder } from './directory-holder';
import { DirectoryWatcher } from './directory-watcher';

/**
 * What router, redactor and delivery API share about the directory they use: the holder, a watcher that switches only to
 * snapshots signed by a maintainer key of the service's own configuration (the register it started with),
 * a refusal counter for alerting and what /health says.
 */
export const followDirectory = (
  wire: Wire,
  startedWith: Directory,
  registry: Registry | undefined,
  log: (entry: object) => void,
  onVersion: (version: string) => void = () => undefined,
) => {
  const holder = new DirectoryHolder(startedWith);
  const refused = new Counter({
    name: 'ksb_directory_snapshots_refused_total',
    help: 'Directory snapshots refused (unsigned, untrusted key, bad signature, invalid); the old version stays',
    labelNames: ['reason'],
    // A service without Prometheus metrics still counts, for the log and /health.
    registers: [registry ?? new Registry()],
  });
  const trusted = startedWith.signingKeys.filter((k) => k.purpose === 'directory');
  const watcher = new DirectoryWatcher(
    wire,
    holder,
    (change) => {
      if ('version' in change && 'signedBy' in change) onVersion(change.version);
      if ('rejected' in change) refused.inc({ reason: change.code });
      log({ msg: 'signedBy' in change ? 'directory version changed' : 'directory snapshot refused', ...change });
    },
    trusted,
  );
  const health = () => ({
    directoryVersion: holder.current().version,
    directorySignedBy: holder.signedBy() ?? null,
    ...(holder.refused() ? { directoryRefused: holder.refused() } : {}),
  });
  return { holder, watcher, health };
};
