import { Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AppError } from '../common/app-error.js';
import { ApiErrors } from '../common/openapi.js';
import { AdminOnly, CurrentAuth, Public } from '../people/auth.decorators.js';
import type { WebhookSecretDto } from './feedback.types.js';
import type { Authenticated } from '../people/session.service.js';
import { WebhooksService } from './webhooks.service.js';
import { WEBHOOK_TRACKERS, type WebhookTracker } from './webhooks.js';

/** Deliveries from issue trackers: no session, a signature instead. */
@ApiTags('feedback')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post(':tracker')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'A signed delivery from GitHub (X-Hub-Signature-256), GitLab (X-Gitlab-Token) or Linear (Linear-Signature); 401 changes nothing' })
  @ApiErrors(400, 401, 404)
  receive(@Param('tracker') tracker: string, @Req() request: Request & { rawBody?: Buffer }): Promise<{ status: string; changed: number }> {
    if (!WEBHOOK_TRACKERS.includes(tracker as WebhookTracker)) throw new AppError('not_found', 'Webhooks exist for github, gitlab and linear.');
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = Array.isArray(value) ? value[0] : value;
    return this.webhooks.receiveWebhook(tracker as WebhookTracker, headers, request.rawBody);
  }

  @Post(':tracker/secret')
  @AdminOnly()
  @ApiOperation({ summary: 'Create (or replace) the webhook secret for github, gitlab or linear; shown once' })
  @ApiErrors(400, 403)
  secret(@Param('tracker') tracker: string, @CurrentAuth() auth: Authenticated, @Req() request: Request): Promise<WebhookSecretDto> {
    if (!WEBHOOK_TRACKERS.includes(tracker as WebhookTracker)) throw new AppError('not_found', 'Webhooks exist for github, gitlab and linear.');
    return this.webhooks.createWebhookSecret(tracker as WebhookTracker, auth.person, request.ip ?? null);
  }
}
