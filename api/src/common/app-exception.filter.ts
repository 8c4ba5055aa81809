import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { AppError, HTTP_STATUS_BY_CODE } from './app-error.js';

const CODE_BY_HTTP_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
};

/** The one place that turns errors into HTTP answers: `{ error: { code, message, details? } }`. */
@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof AppError) {
      if (exception.retryAfterSeconds !== undefined) response.setHeader('Retry-After', String(exception.retryAfterSeconds));
      response.status(HTTP_STATUS_BY_CODE[exception.code]).json({
        error: { code: exception.code, message: exception.message, ...(exception.details ? { details: exception.details } : {}), ...(exception.extra ?? {}) },
      });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? exception.message);
      response.status(status).json({
        error: { code: CODE_BY_HTTP_STATUS[status] ?? 'http_error', message: Array.isArray(message) ? message.join('; ') : String(message) },
      });
      return;
    }
    // Unexpected: log the stack for operators, answer without internals.
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    response.status(500).json({ error: { code: 'internal', message: 'Something went wrong on our side. The error was logged.' } });
  }
}
