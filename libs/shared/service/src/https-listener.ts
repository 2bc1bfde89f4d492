import { isLoopback } from './operations-access';

export interface ListenerIssue {
  /** The variable to name in the configuration error. */
  readonly variable: string;
  readonly message: string;
}

/**
 * What an HTTP listener's variables must say together (gateway, delivery API): certificate and key both or
 * neither, and TLS wherever the network can listen, since API keys and personal data would cross it in the
 * clear. `prefix` names the variables: `<prefix>_HOST`, `<prefix>_TLS_CERT_FILE`, `<prefix>_TLS_KEY_FILE`.
 */
export const httpsListenerIssues = (
  prefix: string,
  listener: { readonly host: string; readonly certFile?: string; readonly keyFile?: string },
  carries: string,
): ListenerIssue[] => {
  const cert = `${prefix}_TLS_CERT_FILE`;
  const key = `${prefix}_TLS_KEY_FILE`;
  const issues: ListenerIssue[] = [];
  if (!listener.certFile !== !listener.keyFile)
    issues.push({ variable: listener.certFile ? key : cert, message: `${cert} and ${key} go together` });
  if (!isLoopback(listener.host) && !listener.certFile)
    issues.push({
      variable: cert,
      message: `listening on ${listener.host} needs TLS: ${carries} must not cross the network in the clear`,
    });
  return issues;
};
