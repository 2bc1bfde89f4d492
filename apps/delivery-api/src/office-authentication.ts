import { Inject, Injectable } from '@nestjs/common';
import { UnauthenticatedError, type ApiKeyStore } from '@ksb/gateway-core';
import { CREDENTIALS } from './delivery-api.tokens';

/** The office a request speaks for: whoever its API key (X-API-Key or Bearer) belongs to. */
@Injectable()
export class OfficeAuthentication {
  constructor(@Inject(CREDENTIALS) private readonly credentials: ApiKeyStore) {}

  async officeOf(headers: Record<string, string | undefined>): Promise<string> {
    const key = headers['x-api-key'] ?? headers['authorization']?.replace(/^Bearer\s+/i, '');
    const office = await this.credentials.authenticate(key);
    if (!office) throw new UnauthenticatedError('missing or unknown API key');
    return office.id;
  }
}
