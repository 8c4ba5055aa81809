import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import { ApiErrors, ApiJsonBody } from '../common/openapi.js';
import { validate } from '../common/validate.js';
import { CONFIG, type Config } from '../config/config.js';
import { type AuthedRequest, clientOf, Public } from './auth.decorators.js';
import { readDeviceCookie, writeDeviceCookie } from './device-cookie.js';
import { type SessionDto, signInRequestSchema } from './people.contract.js';
import { toPersonDto } from './people.service.js';
import { relyingParty } from './relying-party.js';
import { passkeySignInSchema, type SecondStepDto, secondStepSchema } from './second-factor.contract.js';
import { clearPendingSignInCookie, clearSessionCookie, readPendingSignInToken, writePendingSignInCookie, writeSessionCookie } from './session-cookie.js';
import { SessionService } from './session.service.js';
import { type SignedIn, SignInService } from './sign-in.service.js';
import type { PasskeySignInOptions } from './webauthn.js';

@ApiTags('session')
@Controller('session')
@Public()
export class SessionController {
  constructor(
    private readonly signIns: SignInService,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The signed-in person and the CSRF token for this session' })
  @ApiErrors(401)
  current(@Req() request: AuthedRequest): SessionDto {
    if (!request.auth) throw new AppError('unauthenticated', 'Not signed in.');
    return { person: toPersonDto(request.auth.person), csrfToken: request.auth.session.csrfToken, mustEnrolSecondFactor: request.auth.session.mustEnrolSecondFactor };
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password; sets the session cookie, or answers 202 when a second step is needed' })
  @ApiJsonBody(signInRequestSchema)
  @ApiErrors(400, 401, 429)
  async signIn(@Body() body: unknown, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SessionDto | SecondStepDto> {
    const input = validate(signInRequestSchema, body);
    const result = await this.signIns.signIn(input.email, input.password, { ...clientOf(request), deviceCookie: readDeviceCookie(request) }, input.preload);
    if (result.kind === 'second_step') {
      // Half signed in: a short cookie that only the second-step routes read. No session yet.
      writePendingSignInCookie(response, request, this.config, result.pendingToken);
      response.status(202);
      return { secondFactorRequired: true, methods: result.methods };
    }
    return this.signedIn(result, request, response);
  }

  @Get('second-step')
  @ApiOperation({ summary: 'The second steps open to this half-finished sign-in' })
  @ApiErrors(401)
  async secondStepMethods(@Req() request: Request): Promise<SecondStepDto> {
    const methods = await this.signIns.pendingMethods(readPendingSignInToken(request));
    if (!methods) throw new AppError('unauthenticated', 'Your sign-in timed out. Enter your email and password again.');
    return { secondFactorRequired: true, methods };
  }

  @Post('second-step')
  @HttpCode(200)
  @ApiOperation({ summary: 'The second step with a code from your authenticator app or a recovery code; sets the session cookie' })
  @ApiJsonBody(secondStepSchema)
  @ApiErrors(400, 401, 429)
  async secondStep(@Body() body: unknown, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SessionDto> {
    const input = validate(secondStepSchema, body);
    const result = await this.signIns.secondStepWithCode(readPendingSignInToken(request), input.method, input.code, { ...clientOf(request), deviceCookie: readDeviceCookie(request) });
    return this.signedIn(result, request, response);
  }

  @Delete('second-step')
  @HttpCode(204)
  @ApiOperation({ summary: 'Abandon a half-finished sign-in' })
  async cancelSecondStep(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.signIns.cancelPending(readPendingSignInToken(request));
    clearPendingSignInCookie(response, request, this.config);
  }

  @Post('passkey/options')
  @HttpCode(200)
  @ApiOperation({ summary: 'Options for signing in with a passkey (navigator.credentials.get)' })
  @ApiErrors(401, 409)
  passkeyOptions(@Req() request: Request): Promise<PasskeySignInOptions> {
    return this.signIns.passkeyOptions(readPendingSignInToken(request), relyingParty(request, this.config));
  }

  @Post('passkey')
  @HttpCode(200)
  @ApiOperation({ summary: "The second step with a passkey: the authenticator's answer; sets the session cookie" })
  @ApiJsonBody(passkeySignInSchema)
  @ApiErrors(400, 401, 429)
  async passkey(@Body() body: unknown, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SessionDto> {
    const input = validate(passkeySignInSchema, body);
    const result = await this.signIns.secondStepWithPasskey(readPendingSignInToken(request), relyingParty(request, this.config), input.response, {
      ...clientOf(request),
      deviceCookie: readDeviceCookie(request),
    });
    return this.signedIn(result, request, response);
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: ends this session and clears the cookie' })
  async signOut(@Req() request: AuthedRequest, @Res({ passthrough: true }) response: Response): Promise<void> {
    if (request.auth) {
      await this.sessions.end(request.auth.session.id);
      await this.audit.record({ actorId: request.auth.person.id, action: 'session.signed_out', targetType: 'person', targetId: request.auth.person.id, ip: request.ip ?? null });
    }
    clearSessionCookie(response, request, this.config);
  }

  private signedIn(result: SignedIn, request: Request, response: Response): SessionDto {
    writeSessionCookie(response, request, this.config, result.token);
    writeDeviceCookie(response, request, this.config, result.deviceCookie);
    clearPendingSignInCookie(response, request, this.config);
    return {
      person: toPersonDto(result.person),
      csrfToken: result.csrfToken,
      mustEnrolSecondFactor: result.mustEnrolSecondFactor,
      ...(result.preloaded ? { preloaded: result.preloaded } : {}),
    };
  }
}
