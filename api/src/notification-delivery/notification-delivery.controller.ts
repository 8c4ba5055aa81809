import { Body, Controller, Get, Header, HttpCode, Inject, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { escapeHtml } from '../common/escape-html.js';
import { ApiErrors, ApiJsonBody } from '../common/openapi.js';
import { validate } from '../common/validate.js';
import { SYSTEM_MAIL, type SystemMail } from '../mail/system-mail.js';
import { CsrfExempt, CurrentAuth, Public } from '../people/auth.decorators.js';
import type { Authenticated } from '../people/session.service.js';
import { KIND_EMAIL_NAMES } from './notification-email.js';
import { NotificationDeliveryRepository } from './notification-delivery.repository.js';
import { NotificationDeliveryService } from './notification-delivery.service.js';
import type { PushKeyDto, PushTestDto, SystemMailDto } from './notification-delivery.types.js';

const base64url = z.string().regex(/^[A-Za-z0-9_-]+={0,2}$/, 'base64url').max(200);
const subscriptionSchema = z.object({ endpoint: z.string().min(1).max(2_000), keys: z.object({ p256dh: base64url, auth: base64url }) });
const unsubscribeDeviceSchema = z.object({ endpoint: z.string().min(1).max(2_000) }).strict();

const page = (body: string) =>
  `<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Unsubscribe</title><body style="font-family:system-ui;max-width:480px;margin:3rem auto;padding:0 1rem">${body}</body>`;

@ApiTags('notifications')
@Controller()
export class NotificationDeliveryController {
  constructor(
    private readonly delivery: NotificationDeliveryService,
    private readonly deliveries: NotificationDeliveryRepository,
    @Inject(SYSTEM_MAIL) private readonly systemMail: SystemMail,
  ) {}

  @Get('push/key')
  @ApiOperation({ summary: "The server's VAPID public key for Web Push, and how many of your devices are subscribed" })
  async pushKey(@CurrentAuth() auth: Authenticated): Promise<PushKeyDto> {
    return { publicKey: this.delivery.publicKey, devices: await this.deliveries.countSubscriptions(auth.person.id) };
  }

  @Post('push/subscriptions')
  @HttpCode(204)
  @ApiOperation({ summary: "Subscribe this browser to Web Push (the PushSubscription's endpoint and keys)" })
  @ApiJsonBody(subscriptionSchema)
  @ApiErrors(400)
  async subscribe(@Body() body: unknown, @CurrentAuth() auth: Authenticated, @Req() request: Request): Promise<void> {
    await this.delivery.subscribe(auth.person.id, validate(subscriptionSchema, body), request.headers['user-agent'] ?? '');
  }

  @Post('push/subscriptions/remove')
  @HttpCode(204)
  @ApiOperation({ summary: 'Unsubscribe this browser from Web Push' })
  @ApiJsonBody(unsubscribeDeviceSchema)
  @ApiErrors(400)
  async unsubscribe(@Body() body: unknown, @CurrentAuth() auth: Authenticated): Promise<void> {
    await this.delivery.unsubscribeDevice(auth.person.id, validate(unsubscribeDeviceSchema, body).endpoint);
  }

  @Post('push/test')
  @ApiOperation({ summary: 'Send a test push to each of your subscribed devices now' })
  testPush(@CurrentAuth() auth: Authenticated): Promise<PushTestDto> {
    return this.delivery.testPush(auth.person.id);
  }

  @Get('system-mail')
  @ApiOperation({ summary: 'Where system mail goes out: SMTP_URL, the first mailbox, or nowhere' })
  async systemMailRoute(): Promise<SystemMailDto> {
    const route = await this.systemMail.route();
    return { via: route.via, mailbox: route.via === 'mailbox' ? route.address : null };
  }

  @Get('notification-emails/unsubscribe/:token')
  @Public()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'The unsubscribe link of a notification email: a page with one button' })
  unsubscribePage(@Param('token') token: string): string {
    return page(
      `<h1>Stop these emails?</h1><p>Wholegrain will stop emailing you about these notifications; they still appear in the app.</p><form method="post" action="/api/notification-emails/unsubscribe/${escapeHtml(encodeURIComponent(token))}"><button type="submit">Unsubscribe</button></form>`,
    );
  }

  @Post('notification-emails/unsubscribe/:token')
  @Public()
  @CsrfExempt()
  @HttpCode(200)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiOperation({ summary: 'One-click unsubscribe (RFC 8058) from one or more kinds of notification email: the signed token is the authorisation' })
  async unsubscribeEmail(@Param('token') token: string): Promise<string> {
    const done = await this.delivery.unsubscribeEmail(token);
    if (!done) return page('<p>This link is not valid.</p>');
    const names = done.kinds.map((kind) => escapeHtml(KIND_EMAIL_NAMES[kind as keyof typeof KIND_EMAIL_NAMES])).join(', ');
    return page(`<p>You will not get emails about ${names} any more. You can turn them on again in Wholegrain, under Your profile.</p>`);
  }
}
