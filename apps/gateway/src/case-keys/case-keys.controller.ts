import type { IncomingMessage, ServerResponse } from 'node:http';
import { Controller, HttpCode, Inject, Logger, Post, Req, Res, UseGuards } from '@nestjs/common';
import type { CaseKeyStore } from '@ksb/case-keys';
import type { Office } from '@ksb/directory';
import { decodeEventBody, RateLimitedError, type TokenBuckets } from '@ksb/gateway-core';
import { correlationIdProblem } from '@ksb/producer';
import { InvalidEventError } from '@ksb/wire';
import { ApiKeyGuard } from '../http/api-key.guard';
import { readRawBody } from '../http/raw-body';
import { CASE_KEY_STORE, KEY_RATE_LIMITS } from '../gateway.tokens';

/** A request names one case: a few hundred bytes at most. */
const BODY_LIMIT_BYTES = 4096;

/**
 * The key service for agencies' producers (ADR 0023): POST a correlation id, get a new key of that case made
 * for this request alone, to seal one event with before it goes to `ksb.ingest.*`. The key stays in the
 * bridge's key store under the case, so `ksb case erase` destroys it with the case's others.
 */
@Controller('v1/case-keys')
@UseGuards(ApiKeyGuard)
export class CaseKeysController {
  private readonly logger = new Logger('gateway');

  constructor(
    @Inject(CASE_KEY_STORE) private readonly store: CaseKeyStore,
    @Inject(KEY_RATE_LIMITS) private readonly rateLimits: TokenBuckets,
  ) {}

  @Post()
  @HttpCode(201)
  async newKey(
    @Req() request: IncomingMessage & { office: Office },
    @Res({ passthrough: true }) response: ServerResponse,
  ) {
    const wait = this.rateLimits.take(request.office.id, Date.now());
    if (wait > 0) throw new RateLimitedError(wait);
    const body = decodeEventBody({
      body: await readRawBody(request, BODY_LIMIT_BYTES),
      contentType: request.headers['content-type'],
      contentEncoding: request.headers['content-encoding'],
    }) as { correlationId?: unknown } | null;
    const problem = correlationIdProblem(body?.correlationId);
    if (problem) throw new InvalidEventError('CaseKeyRequest', [`correlationId (${problem})`]);
    const key = await this.store.newKeyFor(body?.correlationId as string);
    // A data key in the answer: no proxy or browser may keep it.
    response.setHeader('cache-control', 'no-store');
    this.logger.log({ msg: 'case key issued', officeId: request.office.id, keyId: key.keyId });
    return { keyId: key.keyId, key: key.key.toString('base64') };
  }
}
