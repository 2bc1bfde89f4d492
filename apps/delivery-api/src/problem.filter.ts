import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { BridgeError } from '@ksb/errors';

interface Response {
  status(code: number): { json(body: unknown): void };
}

const STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401,
  NOT_RECIPIENT: 403,
  DELIVERY_NOT_FOUND: 404,
  DELIVERY_ERASED: 410,
  DELIVERY_RETIRED: 410,
  INVALID_CURSOR: 400,
  INVALID_ANSWER: 400,
  ALREADY_ANSWERED: 409,
  NOT_ANSWERABLE: 409,
  CASE_NOT_FOUND: 404,
  NOT_CASE_SENDER: 403,
};

/** Every error becomes a problem body with its reason code; an office reaching for another's delivery is logged. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('delivery-api');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<{ path: string }>();
    if (error instanceof HttpException) {
      const status = error.getStatus();
      response.status(status).json({ code: status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST', message: error.message });
      return;
    }
    if (error instanceof BridgeError && error.retriable) {
      // Kafka or the registry away: the office's software retries; its answer was not published.
      this.logger.warn({ msg: 'answer not published', path: request.path, code: error.code });
      response.status(503).json({ code: error.code, message: 'temporarily unavailable, retry' });
      return;
    }
    if (!(error instanceof BridgeError) || STATUS[error.code] === undefined) {
      this.logger.error({ msg: 'unexpected error', path: request.path, error: (error as Error).message });
      response.status(500).json({ code: 'UNEXPECTED_ERROR', message: 'internal error' });
      return;
    }
    if (error.code === 'NOT_RECIPIENT' || error.code === 'NOT_CASE_SENDER')
      this.logger.warn({ msg: 'refused office', path: request.path, reason: error.message });
    response.status(STATUS[error.code]).json({ code: error.code, message: error.message });
  }
}
