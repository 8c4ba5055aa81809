import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { Authenticated } from './session.service.js';

export const PUBLIC_ROUTE = 'wholegrain:public';
export const ADMIN_ONLY = 'wholegrain:admin-only';
export const CSRF_EXEMPT = 'wholegrain:csrf-exempt';
export const ENROLMENT_OPEN = 'wholegrain:enrolment-open';

/** Reachable without a session (health, setup, sign-in). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
/**
 * No CSRF check: only for public routes whose URL carries its own authorisation (a one-click
 * unsubscribe token), which mail clients POST as a form (RFC 8058). Never on a session route.
 */
export const CsrfExempt = () => SetMetadata(CSRF_EXEMPT, true);
/**
 * Open to a session that must first enrol a second factor (the admins require one and this
 * person has none): setting one up, and nothing else.
 */
export const EnrolmentOpen = () => SetMetadata(ENROLMENT_OPEN, true);
/** Only people with access "admin"; enforced by AuthGuard. */
export const AdminOnly = () => SetMetadata(ADMIN_ONLY, true);

export interface AuthedRequest extends Request {
  auth?: Authenticated | null;
}

/** The signed-in person and session of a protected route. */
export const CurrentAuth = createParamDecorator((_data: unknown, context: ExecutionContext): Authenticated => {
  const auth = context.switchToHttp().getRequest<AuthedRequest>().auth;
  if (!auth) throw new Error('CurrentAuth used on a public route');
  return auth;
});

export function clientOf(request: Request): { ip: string | null; userAgent: string | null } {
  return { ip: request.ip ?? null, userAgent: request.get('user-agent') ?? null };
}
