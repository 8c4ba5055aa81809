import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiErrors, ApiJsonBody } from '../common/openapi.js';
import { validate } from '../common/validate.js';
import { CONFIG, type Config } from '../config/config.js';
import { AdminOnly, clientOf, CurrentAuth, Public } from '../people/auth.decorators.js';
import type { SessionDto } from '../people/people.contract.js';
import { toPersonDto } from '../people/people.service.js';
import { SecondFactorService } from '../people/second-factor.service.js';
import { writeSessionCookie } from '../people/session-cookie.js';
import { type Authenticated, SessionService } from '../people/session.service.js';
import { acceptInvitationSchema, createInvitationSchema } from './invitations.contract.js';
import { InvitationsService } from './invitations.service.js';
import type { InvitationDto, InvitationLinkDto, InvitationPreviewDto } from './invitations.types.js';

const originOf = (request: Request) => `${request.protocol}://${request.get('host') ?? 'localhost'}`;

@ApiTags('invitations')
@Controller()
export class InvitationsController {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly sessions: SessionService,
    private readonly secondFactors: SecondFactorService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Get('invitations')
  @AdminOnly()
  @ApiOperation({ summary: 'Pending invitations (not accepted, revoked or expired)' })
  pending(): Promise<InvitationDto[]> {
    return this.invitations.pending();
  }

  @Post('invitations')
  @AdminOnly()
  @HttpCode(201)
  @ApiOperation({ summary: 'Invite someone by email; answers the link once (emailed through SMTP_URL or the first mailbox when possible)' })
  @ApiJsonBody(createInvitationSchema)
  @ApiErrors(400, 403, 409)
  invite(@Body() body: unknown, @Req() request: Request, @CurrentAuth() auth: Authenticated): Promise<InvitationLinkDto> {
    return this.invitations.invite(validate(createInvitationSchema, body), auth.person, originOf(request));
  }

  @Post('invitations/:id/resend')
  @AdminOnly()
  @ApiOperation({ summary: 'A new link for a pending invitation (the old link stops working), emailed again when possible' })
  @ApiErrors(403, 404)
  resend(@Param('id') id: string, @Req() request: Request, @CurrentAuth() auth: Authenticated): Promise<InvitationLinkDto> {
    return this.invitations.resend(id, auth.person, originOf(request));
  }

  @Delete('invitations/:id')
  @AdminOnly()
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a pending invitation' })
  @ApiErrors(403, 404)
  revoke(@Param('id') id: string): Promise<void> {
    return this.invitations.revoke(id);
  }

  @Get('invitation-links/:token')
  @Public()
  @ApiOperation({ summary: 'Whether an invitation link is valid, and for which address' })
  @ApiErrors(404)
  preview(@Param('token') token: string): Promise<InvitationPreviewDto> {
    return this.invitations.preview(token);
  }

  @Post('invitation-links/:token/accept')
  @Public()
  @HttpCode(201)
  @ApiOperation({ summary: 'Accept an invitation: choose name, password and time zone; signs the new person in' })
  @ApiJsonBody(acceptInvitationSchema)
  @ApiErrors(400, 404, 409)
  async accept(@Param('token') token: string, @Body() body: unknown, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SessionDto> {
    const input = validate(acceptInvitationSchema, body);
    const client = clientOf(request);
    const person = await this.invitations.accept(token, input, client.ip);
    // While the team requires a second factor, a new person's first stop is setting one up.
    const mustEnrolSecondFactor = await this.secondFactors.requiredForEveryone();
    const { token: sessionToken, session } = await this.sessions.create(person, client, { mustEnrolSecondFactor });
    writeSessionCookie(response, request, this.config, sessionToken);
    return { person: toPersonDto(person), csrfToken: session.csrfToken, mustEnrolSecondFactor };
  }
}
