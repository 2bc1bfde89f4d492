import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Office } from '@ksb/directory';
import { UnauthenticatedError, type ApiKeyStore } from '@ksb/gateway-core';
import { CREDENTIALS } from '../gateway.tokens';

export type AuthenticatedRequest = { headers: Record<string, string | undefined>; office?: Office };

const keyFrom = (headers: AuthenticatedRequest['headers']) =>
  headers['x-api-key'] ?? headers['authorization']?.replace(/^Bearer\s+/i, '');

/** The sender office is whoever the credential says, never what the body says. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(@Inject(CREDENTIALS) private readonly credentials: ApiKeyStore) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const office = await this.credentials.authenticate(keyFrom(request.headers));
    if (!office) throw new UnauthenticatedError('missing or unknown API key');
    request.office = office;
    return true;
  }
}
