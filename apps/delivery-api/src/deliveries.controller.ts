import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import {
  decodeCursor,
  encodeCursor,
  parseRejection,
  type AnswerBook,
  type Delivery,
  type DeliveryInbox,
} from '@ksb/delivery-inbox';
import type { AnswerDesk } from './answer-desk';
import { ANSWERS, ANSWER_DESK, DIRECTORY, INBOX, LIMITS, VIEWS } from './delivery-api.tokens';
import { contactsOf, type Directory } from '@ksb/directory';
import { OfficeAuthentication } from './office-authentication';

/** The delivery's record in the office's view schema, decoded from the bytes the inbox holds. */
export type ViewReader = (delivery: Delivery) => Promise<unknown>;

export interface Limits {
  readonly maxWaitSeconds: number;
  readonly pageSize: number;
}

/**
 * What an office's software or inbox asks: its new deliveries (a long poll with a cursor), one delivery in the
 * office's view schema, and its answer to it. The office is whoever its API key says; another office's
 * delivery is refused. Opening a delivery for the first time sends the sender a pickup receipt.
 */
@Controller('v1/deliveries')
export class DeliveriesController {
  constructor(
    private readonly offices: OfficeAuthentication,
    @Inject(INBOX) private readonly inbox: DeliveryInbox,
    @Inject(ANSWERS) private readonly answers: AnswerBook,
    @Inject(ANSWER_DESK) private readonly desk: AnswerDesk,
    @Inject(LIMITS) private readonly limits: Limits,
    @Inject(DIRECTORY) private readonly directory: () => Directory,
    @Inject(VIEWS) private readonly views: ViewReader,
  ) {}

  @Get()
  async list(
    @Headers() headers: Record<string, string | undefined>,
    @Query('after') after?: string,
    @Query('wait') wait?: string,
  ) {
    const officeId = await this.offices.officeOf(headers);
    const cursor = decodeCursor(after);
    const waitMs = Math.min(Math.max(Number(wait) || 0, 0), this.limits.maxWaitSeconds) * 1000;
    const until = Date.now() + waitMs;
    let page = this.inbox.page(officeId, cursor, this.limits.pageSize);
    // Long poll: woken by the office's next delivery, so it hears of it as soon as the feed has read it.
    while (page.deliveries.length === 0 && Date.now() < until) {
      await this.inbox.next(officeId, until - Date.now());
      page = this.inbox.page(officeId, cursor, this.limits.pageSize);
    }
    return { deliveries: page.deliveries.map((d) => this.summary(d)), cursor: encodeCursor(page.cursor) };
  }

  @Get(':id')
  async one(@Headers() headers: Record<string, string | undefined>, @Param('id') id: string) {
    const delivery = this.inbox.find(await this.offices.officeOf(headers), id);
    await this.desk.pickedUp(delivery);
    return {
      ...this.summary(delivery),
      senderContacts: this.contactsAt(delivery.senderOfficeId),
      view: await this.views(delivery),
    };
  }

  /** Whom to call at the sending office (the contact register in force today), on-call and duty desk first. */
  private contactsAt(officeId: string | null) {
    const directory = this.directory();
    if (!officeId) return [];
    return contactsOf(directory, officeId, new Date().toISOString().slice(0, 10), directory.contactTopics).map((c) => ({
      name: c.name,
      function: c.function ?? null,
      phone: c.phone ?? null,
      email: c.email ?? null,
      topics: c.topics,
    }));
  }

  @Post(':id/accept')
  @HttpCode(200)
  async accept(@Headers() headers: Record<string, string | undefined>, @Param('id') id: string) {
    const delivery = this.inbox.find(await this.offices.officeOf(headers), id);
    return this.desk.answer(delivery, { decision: 'ACCEPTED' });
  }

  @Post(':id/reject')
  @HttpCode(200)
  async reject(@Headers() headers: Record<string, string | undefined>, @Param('id') id: string, @Body() body: unknown) {
    const delivery = this.inbox.find(await this.offices.officeOf(headers), id);
    return this.desk.answer(delivery, parseRejection(body));
  }

  private summary(d: Delivery) {
    const answers = this.answers.of(d);
    return {
      id: d.deliveryId,
      eventType: d.eventType,
      urgency: d.urgency,
      senderOfficeId: d.senderOfficeId,
      correlationId: d.correlationId,
      receivedAt: d.receivedAt,
      pickedUpAt: answers.pickedUp?.at ?? null,
      answer: answers.decision
        ? { status: answers.decision.status, reason: answers.decision.reason, at: answers.decision.at }
        : null,
    };
  }
}
