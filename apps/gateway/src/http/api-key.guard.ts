import type { TLSSocket } from 'node:tls';
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Office } from '@ksb/directory';
import {
  clientCertificateProblem,
  UnauthenticatedError,
  type ApiKeyStore,
  type ClientCertificateMode,
  type PresentedCertificate,
} from '@ksb/gateway-core';
import { CLIENT_CERTIFICATES, CREDENTIALS } from '../gateway.tokens';

export type AuthenticatedRequest = {
  headers: Record<string, string | undefined>;
  socket?: unknown;
  office?: Office;
};

const keyFrom = (headers: AuthenticatedRequest['headers']) =>
  headers['x-api-key'] ?? headers['authorization']?.replace(/^Bearer\s+/i, '');

/** The client certificate the TLS handshake got, if the connection is TLS and one was presented. */
const presented = (socket: unknown): PresentedCertificate | undefined => {
  const tls = socket as Partial<TLSSocket> | undefined;
  if (typeof tls?.getPeerCertificate !== 'function') return undefined;
  const certificate = tls.getPeerCertificate();
  const commonName = certificate?.subject?.CN;
  return commonName ? { authorized: tls.authorized === true, commonName: String(commonName) } : undefined;
};

/**
 * The sender office is whoever the credential says, never what the body says; where agencies have client
 * certificates, the certificate must name the same office.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    @Inject(CREDENTIALS) private readonly credentials: ApiKeyStore,
    @Inject(CLIENT_CERTIFICATES) private readonly certificates: ClientCertificateMode,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const office = await this.credentials.authenticate(keyFrom(request.headers));
    if (!office) throw new UnauthenticatedError('missing or unknown API key');
    const problem = clientCertificateProblem(office.id, presented(request.socket), this.certificates);
    if (problem) throw problem;
    request.office = office;
    return true;
  }
}
