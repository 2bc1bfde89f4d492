import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Controller, HttpCode, Inject, Logger, Param, Post, Req, UseGuards } from '@nestjs/common';
import { findEventType, GATEWAY_BODY_LIMIT_BYTES } from '@ksb/contracts';
import type { Office } from '@ksb/directory';
import {
  authorizeSender,
  decodeEventBody,
  RateLimitedError,
  type IdempotencyCache,
  type TokenBuckets,
} from '@ksb/gateway-core';
import { UnknownEventTypeError, type IngestPublisher, type PublishReceipt } from '@ksb/producer';
import { InvalidEventError } from '@ksb/wire';
import { ApiKeyGuard } from '../http/api-key.guard';
import { readRawBody } from '../http/raw-body';
import { IDEMPOTENCY, INGEST_PUBLISHER, RATE_LIMITS } from '../gateway.tokens';

type EventBody = { envelope?: { eventId?: string } } & Record<string, unknown>;

/**
 * POST one event as JSON: authenticate, authorise, limit, read the body (UTF-8 JSON within the size and
 * nesting limits, any standard content-encoding), then publish once per event id.
 */
@Controller('v1/events')
@UseGuards(ApiKeyGuard)
export class EventsController {
  private readonly logger = new Logger('gateway');

  constructor(
    @Inject(INGEST_PUBLISHER) private readonly ingest: IngestPublisher,
    @Inject(RATE_LIMITS) private readonly rateLimits: TokenBuckets,
    @Inject(IDEMPOTENCY) private readonly idempotency: IdempotencyCache<PublishReceipt>,
  ) {}

  @Post(':eventType')
  @HttpCode(202)
  async publish(@Param('eventType') eventTypeName: string, @Req() request: IncomingMessage & { office: Office }) {
    const office = request.office;
    const eventType = findEventType(eventTypeName);
    if (!eventType) throw new UnknownEventTypeError(`unknown event type ${eventTypeName}`);
    authorizeSender(office, eventType);
    const wait = this.rateLimits.take(office.id, Date.now());
    if (wait > 0) throw new RateLimitedError(wait);
    const body = decodeEventBody({
      body: await readRawBody(request, GATEWAY_BODY_LIMIT_BYTES),
      contentType: request.headers['content-type'],
      contentEncoding: request.headers['content-encoding'],
    });
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new InvalidEventError(eventType.record, ['(root): expected a JSON object']);
    }
    const event = body as EventBody;
    const eventId = event.envelope?.eventId;
    const publish = () => this.ingest.publish(office.id, eventType.name, event);
    const { result, replayed } = eventId
      ? this.idempotency.run(`${office.id}/${eventId}`, fingerprint(event), Date.now(), publish)
      : { result: publish(), replayed: false };
    const receipt = await result;
    this.logger.log({
      msg: replayed ? 'replayed' : 'accepted',
      officeId: office.id,
      eventType: eventType.name,
      eventId: receipt.eventId,
      correlationId: receipt.correlationId,
    });
    return { eventId: receipt.eventId, correlationId: receipt.correlationId };
  }
}

const fingerprint = (body: unknown) => createHash('sha256').update(JSON.stringify(body)).digest('hex');
