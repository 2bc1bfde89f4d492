/** Alerts name offices and delays: they travel over TLS, except to a receiver on this machine. */
export const webhookUrlProblem = (url: string): string | undefined => {
  // Zod runs an object's refinements even after a field's own check failed: a non-URL must come back as a
  // problem with the variable's name, not as a TypeError that ends start-up with a stack trace.
  if (!URL.canParse(url)) return 'must be a URL';
  const { protocol, hostname } = new URL(url);
  const loopback = ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(hostname);
  if (protocol === 'https:' || (protocol === 'http:' && loopback)) return undefined;
  return `must be https (http only to a receiver on loopback), not ${protocol}//${hostname}`;
};
