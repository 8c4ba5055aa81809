import type { NextFunction, Request, Response } from 'express';
import { findHostileJson, findHostilePath, findHostileQuery, type HostileInput } from './hostile-input.js';

/**
 * Express middleware, after the JSON body parser and before any route: a request carrying input
 * no handler should see (NUL, lone surrogates, repeated query parameters, JSON nested too deep)
 * gets one clear 400, so it can never reach the database and come back as a 500.
 */
export function rejectHostileInput(request: Request, response: Response, next: NextFunction): void {
  const problem = findHostilePath(request.path) ?? findHostileQuery(request.query as Record<string, unknown>) ?? (request.body === undefined ? null : findHostileJson(request.body));
  if (!problem) return next();
  response.status(400).json({ error: { code: 'validation_failed', message: messageOf(problem), details: { [problem.field]: [problem.message] } } });
}

function messageOf(problem: HostileInput): string {
  return `Please correct the request. ${problem.field} ${problem.message}.`;
}

/**
 * Errors raised before Nest routes a request (a body that is not JSON, or too large) answer in the
 * API's error shape, never Express's HTML page with a stack trace.
 */
export function answerParserErrors(error: unknown, _request: Request, response: Response, next: NextFunction): void {
  if (response.headersSent) return next(error);
  const status = (error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode;
  const code = typeof status === 'number' && status >= 400 && status < 500 ? status : 400;
  const messages: Record<number, [string, string]> = {
    413: ['payload_too_large', 'The request body is too large.'],
    415: ['unsupported_media_type', 'The request body must be JSON.'],
  };
  const [errorCode, message] = messages[code] ?? ['bad_request', 'The request body is not valid JSON.'];
  response.status(code).json({ error: { code: errorCode, message } });
}
