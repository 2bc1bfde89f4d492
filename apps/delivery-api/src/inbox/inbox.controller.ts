import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import type { CaseTrails } from '@ksb/delivery-inbox';
import type { Directory } from '@ksb/directory';
import { CASE_TRAILS, DIRECTORY } from '../delivery-api.tokens';
import { OfficeAuthentication } from '../office-authentication';
import { inboxPage } from './inbox-page';

interface Response {
  setHeader(name: string, value: string): void;
  send(body: string): void;
}

/** The inbox page for offices without case software, and the list of cases an office sent that it shows. */
@Controller()
export class InboxController {
  private readonly page: ReturnType<typeof inboxPage>;

  constructor(
    private readonly offices: OfficeAuthentication,
    @Inject(CASE_TRAILS) private readonly trails: CaseTrails,
    @Inject(DIRECTORY) directory: () => Directory,
  ) {
    this.page = inboxPage(directory().contactTopics);
  }

  @Get('inbox')
  inbox(@Res() response: Response) {
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.setHeader('content-security-policy', this.page.contentSecurityPolicy);
    response.setHeader('x-content-type-options', 'nosniff');
    response.setHeader('referrer-policy', 'no-referrer');
    response.send(this.page.html);
  }

  @Get('v1/cases')
  async cases(@Headers() headers: Record<string, string | undefined>) {
    return { cases: this.trails.casesOf(await this.offices.officeOf(headers)) };
  }
}
