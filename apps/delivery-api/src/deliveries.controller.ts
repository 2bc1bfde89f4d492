import { Controller, Get, Headers, Inject, Param, Query } from '@nestjs/common';
import { decodeCursor, encodeCursor, type Delivery, type DeliveryInbox } from '@ksb/delivery-inbox';
import { UnauthenticatedError, type ApiKeyStore } from '@ksb/gateway-core';
import { CREDENTIALS, INBOX, LIMITS } from './delivery-api.tokens';

export interface Limits {
  readonly maxWaitSeconds: number;
  readonly pageSize: number;
}

const summary = (d: Delivery) => ({
  id: d.deliveryId,
  eventType: d.eventType,
  urgency: d.urgency,
  senderOfficeId: d.senderOfficeId,
  receivedAt: d.receivedAt,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What an office's software or inbox asks: its new deliveries (a long poll with a cursor) and one delivery
 * in the office's view schema. The office is whoever its API key says; another office's delivery is refused.
 */
@Controller('v1/deliveries')
export class DeliveriesController {
  constructor(
    @Inject(CREDENTIALS) private readonly credentials: ApiKeyStore,
    @Inject(INBOX) private readonly inbox: DeliveryInbox,
    @Inject(LIMITS) private readonly limits: Limits,
  ) {}

  @Get()
  async list(
    @Headers() headers: Record<string, string | undefined>,
    @Query('after') after?: string,
    @Query('wait') wait?: string,
  ) {
    const officeId = await this.office(headers);
    const cursor = decodeCursor(after);
    const waitMs = Math.min(Math.max(Number(wait) || 0, 0), this.limits.maxWaitSeconds) * 1000;
    const until = Date.now() + waitMs;
    let page = this.inbox.page(officeId, cursor, this.limits.pageSize);
    // Long poll: an office asks again at once after each answer and hears of a delivery within ~250 ms.
    while (page.deliveries.length === 0 && Date.now() < until) {
      await sleep(Math.min(250, until - Date.now()));
      page = this.inbox.page(officeId, cursor, this.limits.pageSize);
    }
    return { deliveries: page.deliveries.map(summary), cursor: encodeCursor(page.cursor) };
  }

  @Get(':id')
  async one(@Headers() headers: Record<string, string | undefined>, @Param('id') id: string) {
    const delivery = this.inbox.find(await this.office(headers), id);
    return { ...summary(delivery), view: delivery.view };
  }

  private async office(headers: Record<string, string | undefined>): Promise<string> {
    const key = headers['x-api-key'] ?? headers['authorization']?.replace(/^Bearer\s+/i, '');
    const office = await this.credentials.authenticate(key);
    if (!office) throw new UnauthenticatedError('missing or unknown API key');
    return office.id;
  }
}
