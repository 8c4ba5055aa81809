import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { AppError } from '../common/app-error.js';
import { CONFIG, type Config } from '../config/config.js';
import { ADMIN_ONLY, type AuthedRequest, CSRF_EXEMPT, ENROLMENT_OPEN, PUBLIC_ROUTE } from './auth.decorators.js';
import { csrfProblem } from './csrf.js';
import { readSessionToken } from './session-cookie.js';
import { SessionService } from './session.service.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Global guard: resolves the session cookie, enforces CSRF on state-changing requests,
 * requires a session unless the route is @Public(), and admin access for @AdminOnly(). A session
 * that must enrol a second factor first reaches only @EnrolmentOpen() routes (and public ones).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    // A request that may write may change a session or a person (sign-out, a role, a time zone):
    // when it has been answered, this process forgets the sessions it kept, so the very next request
    // sees the change (other processes hear of it from the database's own trigger).
    if (!SAFE_METHODS.has(request.method)) {
      const forget = () => this.sessions.forget();
      context.switchToHttp().getResponse<Response>().once('finish', forget).once('close', forget);
    }
    const token = readSessionToken(request);
    request.auth = token ? await this.sessions.resolve(token) : null;

    const targets = [context.getHandler(), context.getClass()];
    const exempt = this.reflector.getAllAndOverride<boolean>(CSRF_EXEMPT, targets) && this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets);
    const problem = exempt ? null : csrfProblem({
      method: request.method,
      hosts: [request.get('host'), this.config.publicUrl ? new URL(this.config.publicUrl).host : undefined].filter((host): host is string => !!host),
      origin: request.get('origin'),
      secFetchSite: request.get('sec-fetch-site'),
      contentType: request.get('content-type'),
      hasBody: Number(request.get('content-length') ?? 0) > 0 || request.get('transfer-encoding') !== undefined,
      headerToken: request.get('x-csrf-token'),
      sessionToken: request.auth?.session.csrfToken ?? null,
    });
    if (problem) throw new AppError('csrf_failed', problem);

    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    if (!request.auth) throw new AppError('unauthenticated', 'Sign in to continue.');
    if (request.auth.session.mustEnrolSecondFactor && !this.reflector.getAllAndOverride<boolean>(ENROLMENT_OPEN, targets)) {
      throw new AppError('forbidden', 'Your team requires two-factor sign-in. Set up an authenticator app or a passkey to continue.', undefined, undefined, { secondFactorEnrolmentRequired: true });
    }
    if (this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, targets) && request.auth.person.access !== 'admin') {
      throw new AppError('forbidden', 'Only admins can do this.');
    }
    return true;
  }
}
