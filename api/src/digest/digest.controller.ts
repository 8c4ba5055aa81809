import { Body, Controller, Get, Header, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { escapeHtml } from '../common/escape-html.js';
import { ApiErrors, ApiJsonBody } from '../common/openapi.js';
import { validate } from '../common/validate.js';
import { CsrfExempt, CurrentAuth, Public } from '../people/auth.decorators.js';
import type { Authenticated } from '../people/session.service.js';
import type { DigestDto, DigestSubscriptionDto, DigestSummaryDto } from './digest.types.js';
import { DigestService } from './digest.service.js';

const subscriptionRequestSchema = z.object({ enabled: z.boolean(), frequency: z.enum(['weekly', 'daily']) }).strict();

@ApiTags('digest')
@Controller('digests')
export class DigestController {
  constructor(private readonly digests: DigestService) {}

  @Get()
  @ApiOperation({ summary: 'Your digest archive, newest first' })
  archive(@CurrentAuth() auth: Authenticated): Promise<DigestSummaryDto[]> {
    return this.digests.archive(auth.person);
  }

  @Get('preview')
  @ApiOperation({ summary: 'What your next digest holds so far' })
  preview(@CurrentAuth() auth: Authenticated): Promise<DigestDto> {
    return this.digests.preview(auth.person);
  }

  @Get('subscription')
  @ApiOperation({ summary: 'Whether you receive the digest, how often, and when the next one is due' })
  subscription(@CurrentAuth() auth: Authenticated): Promise<DigestSubscriptionDto> {
    return this.digests.subscription(auth.person);
  }

  @Put('subscription')
  @ApiOperation({ summary: 'Opt in or out; weekly (Monday 08:00 your time) or daily (08:00)' })
  @ApiJsonBody(subscriptionRequestSchema)
  @ApiErrors(400)
  setSubscription(@Body() body: unknown, @CurrentAuth() auth: Authenticated): Promise<DigestSubscriptionDto> {
    return this.digests.setSubscription(auth.person, validate(subscriptionRequestSchema, body));
  }

  @Get('unsubscribe/:token')
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'The unsubscribe link from a digest email: a page with one button' })
  unsubscribePage(@Param('token') token: string): string {
    return `<!doctype html><meta charset="utf-8"><title>Unsubscribe</title><body style="font-family:system-ui;max-width:480px;margin:3rem auto"><h1>Stop the Wholegrain digest?</h1><form method="post" action="/api/digests/unsubscribe/${escapeHtml(encodeURIComponent(token))}"><button type="submit">Unsubscribe</button></form></body>`;
  }

  @Post('unsubscribe/:token')
  @Public()
  @CsrfExempt()
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'One-click unsubscribe (RFC 8058): the token is the authorisation' })
  async unsubscribe(@Param('token') token: string): Promise<string> {
    const done = await this.digests.unsubscribe(token);
    return `<!doctype html><meta charset="utf-8"><title>Unsubscribe</title><body style="font-family:system-ui;max-width:480px;margin:3rem auto"><p>${done ? 'You will not receive the digest any more. You can opt in again in Wholegrain.' : 'This link is not valid any more.'}</p></body>`;
  }

  @Get(':id')
  @ApiOperation({ summary: 'One digest of yours, as sent' })
  @ApiErrors(404)
  one(@Param('id') id: string, @CurrentAuth() auth: Authenticated): Promise<DigestDto> {
    return this.digests.one(id, auth.person);
  }
}
