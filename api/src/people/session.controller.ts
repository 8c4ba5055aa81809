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
import { clearSessionCookie, writeSessionCookie } from './session-cookie.js';
import { SessionService } from './session.service.js';
import { SignInService } from './sign-in.service.js';

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
    return { person: toPersonDto(request.auth.person), csrfToken: request.auth.session.csrfToken };
  }

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password; sets the session cookie' })
  @ApiJsonBody(signInRequestSchema)
  @ApiErrors(400, 401, 429)
  async signIn(@Body() body: unknown, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SessionDto> {
    const input = validate(signInRequestSchema, body);
    const { token, person, csrfToken, deviceCookie } = await this.signIns.signIn(input.email, input.password, { ...clientOf(request), deviceCookie: readDeviceCookie(request) });
    writeSessionCookie(response, request, this.config, token);
    writeDeviceCookie(response, request, this.config, deviceCookie);
    return { person: toPersonDto(person), csrfToken };
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
}
