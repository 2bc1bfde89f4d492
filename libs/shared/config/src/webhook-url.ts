/** Alerts name offices and delays: they travel over TLS, except to a receiver on this machine. */
export const webhookUrlProblem = (url: string): string | undefined => {
  const { protocol, hostname } = new URL(url);
  const loopback = ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(hostname);
  if (protocol === 'https:' || (protocol === 'http:' && loopback)) return undefined;
  return `must be https (http only to a receiver on loopback), not ${protocol}//${hostname}`;
};
