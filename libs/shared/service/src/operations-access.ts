import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

export const isLoopback = (host: string): boolean => LOOPBACK.test(host);

/** Why a service may not start with this listening address and token, or undefined when it may. */
export const operationsAccessProblem = (host: string, token: string | undefined): string | undefined =>
  isLoopback(host) || token
    ? undefined
    : `listening on ${host} needs KSB_OPS_TOKEN: metrics, /api/lag and the dashboard would be open to the network`;

const same = (given: string, token: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** The token from `Authorization: Bearer <token>` (Prometheus, curl) or Basic with it as the password (a browser). */
const presented = (header: string | undefined): string | undefined => {
  if (!header) return undefined;
  const [scheme, value = ''] = header.split(' ', 2);
  if (/^bearer$/i.test(scheme)) return value;
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    return decoded.slice(decoded.indexOf(':') + 1);
  }
  return undefined;
};

/**
 * Express-style middleware: everything but /health/* needs the token. Health stays open for the kubelet and
 * load balancers; it says up or down and nothing about the cases.
 */
export const operationsAccess =
  (token: string) =>
  (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    if ((request.url ?? '').startsWith('/health/')) return next();
    const given = presented(request.headers.authorization);
    if (given !== undefined && same(given, token)) return next();
    response.statusCode = 401;
    response.setHeader('www-authenticate', 'Basic realm="ksb operations", charset="UTF-8"');
    response.setHeader('content-type', 'text/plain; charset=utf-8');
    response.end('KSB_OPS_TOKEN required (Authorization: Bearer <token>)\n');
  };
