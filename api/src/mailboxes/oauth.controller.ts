import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiErrors, ApiJsonBody } from '../common/openapi.js';
import { validate } from '../common/validate.js';
import { CONFIG, type Config } from '../config/config.js';
import { AdminOnly, CurrentAuth } from '../people/auth.decorators.js';
import type { Authenticated } from '../people/session.service.js';
import { oauthClientRequestSchema, oauthProviderSchema, oauthStartRequestSchema } from './oauth.contract.js';
import type { OAuthClientDto, OAuthStartDto } from './oauth.types.js';
import { OAuthClientsService } from './oauth-clients.service.js';
import { OAuthConnectService } from './oauth-connect.service.js';

@ApiTags('oauth')
@Controller('oauth')
export class OAuthController {
  constructor(
    private readonly clients: OAuthClientsService,
    private readonly connect: OAuthConnectService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Get('clients')
  @AdminOnly()
  @ApiOperation({ summary: 'OAuth app registrations per provider and the redirect URL to register (never the secrets)' })
  listClients(): Promise<OAuthClientDto[]> {
    return this.clients.list();
  }

  @Put('clients/:provider')
  @AdminOnly()
  @ApiOperation({ summary: 'Enter the client id (and secret, sealed at rest) of an app registration' })
  @ApiJsonBody(oauthClientRequestSchema)
  @ApiErrors(400, 403, 409)
  saveClient(@Param('provider') provider: string, @Body() body: unknown, @CurrentAuth() auth: Authenticated, @Req() request: Request): Promise<OAuthClientDto> {
    return this.clients.save(validate(oauthProviderSchema, provider), validate(oauthClientRequestSchema, body), auth.person, request.ip ?? null);
  }

  @Post('start')
  @AdminOnly()
  @HttpCode(200)
  @ApiOperation({ summary: 'Start the browser sign-in (code flow with PKCE) for a new mailbox or a reconnect; returns the URL to open' })
  @ApiJsonBody(oauthStartRequestSchema)
  @ApiErrors(400, 403, 404, 409)
  start(@Body() body: unknown, @CurrentAuth() auth: Authenticated): Promise<OAuthStartDto> {
    return this.connect.start(validate(oauthStartRequestSchema, body), auth);
  }

  @Get('callback')
  @AdminOnly()
  @ApiOperation({ summary: 'Where the provider sends the browser back; redirects to Settings with the outcome' })
  async callback(@Query() query: Record<string, unknown>, @CurrentAuth() auth: Authenticated, @Req() request: Request, @Res() response: Response): Promise<void> {
    const target = await this.connect.callback(query, auth, request.ip ?? null);
    response.redirect(302, this.config.publicUrl ? new URL(target, this.config.publicUrl).toString() : target);
  }

  @Post('mailboxes/:id/disconnect')
  @AdminOnly()
  @HttpCode(204)
  @ApiOperation({ summary: 'Forget a mailbox\'s OAuth tokens; it stops syncing until reconnected' })
  @ApiErrors(403, 404, 409)
  async disconnect(@Param('id') id: string, @CurrentAuth() auth: Authenticated, @Req() request: Request): Promise<void> {
    await this.connect.disconnect(id, auth, request.ip ?? null);
  }
}
