import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { BridgeError } from '@ksb/errors';
import { RateLimitedError } from '@ksb/gateway-core';
import { InvalidEventError } from '@ksb/wire';

/** The two things the filter needs from the HTTP response (Express underneath). */
interface Response {
  status(code: number): { json(body: unknown): void };
  setHeader(name: string, value: string): void;
}

const STATUS: Record<string, number> = {
  SCHEMA_VALIDATION_FAILED: 400,
  MALFORMED_JSON: 400,
  INVALID_UTF8: 400,
  BROKEN_CONTENT_ENCODING: 400,
  TOO_DEEPLY_NESTED: 400,
  BODY_TOO_LARGE: 413,
  EVENT_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  UNAUTHENTICATED: 401,
  CLIENT_CERTIFICATE_REQUIRED: 401,
  CLIENT_CERTIFICATE_NOT_SENDERS: 403,
  SENDER_MISMATCH: 403,
  SENDER_ROLE_NOT_ALLOWED: 403,
  UNKNOWN_EVENT_TYPE: 404,
  IDEMPOTENCY_CONFLICT: 409,
  RATE_LIMITED: 429,
  BROKER_UNAVAILABLE: 503,
  CASE_KEY_STORE_UNAVAILABLE: 503,
  REGISTRY_UNAVAILABLE: 503,
};

/**
 * Every error becomes a problem body with the stable reason code. Messages are ours (paths, ids), never
 * request content. Attempts to speak for another office are logged as warnings for the security review.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('gateway');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<{ office?: { id: string }; path: string }>();
    if (error instanceof HttpException) {
      const status = error.getStatus();
      response.status(status).json({ code: status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST', message: error.message });
      return;
    }
    if (!(error instanceof BridgeError)) {
      this.logger.error({ msg: 'unexpected error', path: request.path, error: (error as Error).message });
      response.status(500).json({ code: 'UNEXPECTED_ERROR', message: 'internal error' });
      return;
    }
    const status = STATUS[error.code] ?? 500;
    if (status === 403)
      this.logger.warn({ msg: 'refused sender', code: error.code, officeId: request.office?.id, path: request.path });
    if (error instanceof RateLimitedError) response.setHeader('Retry-After', String(error.retryAfterSeconds));
    const fieldPaths = error instanceof InvalidEventError ? { fieldPaths: error.fieldPaths } : {};
    response.status(status).json({ code: error.code, message: error.message, ...fieldPaths });
  }
}
