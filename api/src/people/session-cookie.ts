import type { Request, Response } from 'express';
import type { Config } from '../config/config.js';

const PLAIN_NAME = 'wg_session';
// The __Host- prefix makes browsers insist on Secure, Path=/ and no Domain.
const SECURE_NAME = '__Host-wg_session';

export function isSecureRequest(request: Request, config: Config): boolean {
  return request.secure || (config.publicUrl?.startsWith('https:') ?? false);
}

/** A cookie set under a `__Host-` name on https and a plain name otherwise: the secure one wins. */
export function readHostCookie(request: Request, secureName: string, plainName: string): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  let plain: string | null = null;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    const name = part.slice(0, index).trim();
    const value = part.slice(index + 1).trim();
    if (name === secureName && value) return value;
    if (name === plainName && value) plain = value;
  }
  return plain;
}

export function readSessionToken(request: Request): string | null {
  return readHostCookie(request, SECURE_NAME, PLAIN_NAME);
}

export function writeSessionCookie(response: Response, request: Request, config: Config, token: string): void {
  const secure = isSecureRequest(request, config);
  response.cookie(secure ? SECURE_NAME : PLAIN_NAME, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: config.sessionTtlDays * 86_400_000,
  });
}

export function clearSessionCookie(response: Response, request: Request, config: Config): void {
  const secure = isSecureRequest(request, config);
  response.clearCookie(secure ? SECURE_NAME : PLAIN_NAME, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
}

// The half-signed-in state between the password and the second step: its own short cookie, never a session.
const PENDING_PLAIN_NAME = 'wg_pending';
const PENDING_SECURE_NAME = '__Host-wg_pending';
export const PENDING_SIGN_IN_MS = 5 * 60_000;

export function readPendingSignInToken(request: Request): string | null {
  return readHostCookie(request, PENDING_SECURE_NAME, PENDING_PLAIN_NAME);
}

export function writePendingSignInCookie(response: Response, request: Request, config: Config, token: string): void {
  const secure = isSecureRequest(request, config);
  response.cookie(secure ? PENDING_SECURE_NAME : PENDING_PLAIN_NAME, token, { httpOnly: true, sameSite: 'strict', secure, path: '/', maxAge: PENDING_SIGN_IN_MS });
}

export function clearPendingSignInCookie(response: Response, request: Request, config: Config): void {
  const secure = isSecureRequest(request, config);
  response.clearCookie(secure ? PENDING_SECURE_NAME : PENDING_PLAIN_NAME, { httpOnly: true, sameSite: 'strict', secure, path: '/' });
}
