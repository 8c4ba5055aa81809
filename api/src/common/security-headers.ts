import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../config/config.js';
import { allowedHostnames, isAllowedHost } from './host-allow-list.js';

/** The app's policy, on every response (HTML pages, the API docs, JSON, files). */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  // Remote images only inside a message frame, after someone chose "load images" (the frame's own CSP blocks them before).
  "img-src 'self' data: blob: https: http:",
  "connect-src 'self'",
  "frame-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * First middleware of every request: refuses a Host this server does not answer for (DNS
 * rebinding), then sets the headers every answer carries, whoever produces it.
 */
export function securityHeaders(config: Config) {
  const allowed = allowedHostnames(config.publicUrl);
  const https = config.publicUrl?.startsWith('https:') ?? false;
  return (request: Request, response: Response, next: NextFunction): void => {
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'same-origin');
    response.setHeader('X-Frame-Options', 'DENY');
    response.setHeader('Content-Security-Policy', APP_CSP);
    response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    if (https) response.setHeader('Strict-Transport-Security', 'max-age=31536000');
    const forwarded = config.trustProxy ? request.get('x-forwarded-host')?.split(',')[0] : undefined;
    if (!isAllowedHost(forwarded ?? request.get('host'), allowed)) {
      response.status(421).json({
        error: {
          code: 'misdirected_request',
          message: 'This server does not answer for that host name. Use the address in PUBLIC_URL (or set PUBLIC_URL to the address people use).',
        },
      });
      return;
    }
    next();
  };
}
