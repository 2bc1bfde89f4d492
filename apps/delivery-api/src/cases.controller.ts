import { Controller, Get, Headers, Inject, Param } from '@nestjs/common';
import type { CaseTrails, StatusEntry } from '@ksb/delivery-inbox';
import { CASE_STATUS_EVENT, signSecurityEvent, STATUS_ISSUER, type Signer } from '@ksb/signatures';
import { CASE_TRAILS, STATUS_SIGNER } from './delivery-api.tokens';
import { OfficeAuthentication } from './office-authentication';

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/**
 * The sender's status trail: every step of a case it submitted in, each entry also as a Security Event Token
 * (RFC 8417) signed with the bridge's status key, so a printout or a file of it is evidence outside the system.
 */
@Controller('v1/cases')
export class CasesController {
  constructor(
    private readonly offices: OfficeAuthentication,
    @Inject(CASE_TRAILS) private readonly trails: CaseTrails,
    @Inject(STATUS_SIGNER) private readonly signer: Signer,
  ) {}

  @Get(':correlationId/events')
  async events(@Headers() headers: Record<string, string | undefined>, @Param('correlationId') correlationId: string) {
    const officeId = await this.offices.officeOf(headers);
    const now = Math.floor(Date.now() / 1000);
    const signed = (entry: StatusEntry) =>
      signSecurityEvent(
        {
          iss: STATUS_ISSUER,
          aud: officeId,
          jti: entry.id,
          iat: now,
          toe: seconds(entry.at),
          txn: correlationId,
          events: { [CASE_STATUS_EVENT]: { ...entry } },
        },
        this.signer,
      );
    const entries = this.trails.trail(correlationId, officeId);
    return { correlationId, events: entries.map((entry) => ({ ...entry, token: signed(entry) })) };
  }
}
