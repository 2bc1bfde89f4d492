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
  UNAUTHENTICATED: 401,
  SENDER_MISMATCH: 403,
  SENDER_ROLE_NOT_ALLOWED: 403,
  UNKNOWN_EVENT_TYPE: 404,
  IDEMPOTENCY_CONFLICT: 409,
  RATE_LIMITED: 429,
  BROKER_UNAVAILABLE: 503,
  REGISTRY_UNAVAILABLE: 503,
};

/** body-parser reports these by `type`; they are not HttpExceptions. */
const BODY_PARSER_ERRORS: Record<string, { status: number; code: string }> = {
  'entity.too.large': { status: 413, code: 'BODY_TOO_LARGE' },
  'entity.parse.failed': { status: 400, code: 'MALFORMED_JSON' },
  'encoding.unsupported': { status: 415, code: 'UNSUPPORTED_ENCODING' },
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
    const parserError = BODY_PARSER_ERRORS[(error as { type?: string }).type ?? ''];
    if (parserError) {
      response.status(parserError.status).json({ code: parserError.code, message: (error as Error).message });
      return;
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      // Nest turns a body-parser SyntaxError into a 400 HttpException; keep the specific code.
      const code =
        error.cause instanceof SyntaxError || /JSON/.test(error.message)
          ? 'MALFORMED_JSON'
          : status === 404
            ? 'NOT_FOUND'
            : 'BAD_REQUEST';
      response.status(status).json({ code, message: error.message });
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
