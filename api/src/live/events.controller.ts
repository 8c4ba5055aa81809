import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { ApiErrors, ApiJsonBody } from '../common/openapi.js';
import { AppError } from '../common/app-error.js';
import { isBigintId } from '../common/ids.js';
import { validate } from '../common/validate.js';
import type { PresenceDto } from '../conversations/conversations.types.js';
import { LiveEvents } from '../database/live-events.js';
import { CurrentAuth } from '../people/auth.decorators.js';
import type { Authenticated } from '../people/session.service.js';
import { endWithRetryHint, EventStreams } from './event-streams.js';
import { PresenceService } from './presence.service.js';

const presenceRequestSchema = z.object({ state: z.enum(['viewing', 'replying', 'left']) }).strict();

@ApiTags('live')
@Controller()
export class EventsController {
  constructor(
    private readonly live: LiveEvents,
    private readonly presence: PresenceService,
    private readonly streams: EventStreams,
  ) {}

  @Get('events')
  @ApiOperation({ summary: 'Server-Sent Events: conversation changes, presence and your notifications, from every API process (LISTEN/NOTIFY)' })
  stream(@Req() request: Request, @Res() response: Response, @CurrentAuth() auth: Authenticated): void {
    response.status(200);
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-cache, no-transform');
    response.setHeader('Connection', 'keep-alive');
    response.setHeader('X-Accel-Buffering', 'no');
    response.flushHeaders();
    response.write('retry: 3000\n\n');
    if (!this.streams.add(response)) {
      endWithRetryHint(response);
      return;
    }
    const unsubscribe = this.live.subscribe((event) => {
      if (event.type === 'outbox' || event.type === 'mailboxes' || event.type === 'sign-ins') return;
      if (event.type === 'notification' && event.personId !== auth.person.id) return;
      response.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    });
    // A comment every 20 s keeps proxies from closing an idle stream.
    const heartbeat = setInterval(() => response.write(': ping\n\n'), 20_000);
    heartbeat.unref();
    request.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      this.streams.remove(response);
    });
  }

  @Get('conversations/:id/presence')
  @ApiOperation({ summary: 'Who is viewing or replying to this conversation now' })
  who(@Param('id') id: string): PresenceDto[] {
    if (!isBigintId(id)) throw new AppError('not_found', 'No such conversation.');
    return this.presence.of(id);
  }

  @Post('conversations/:id/presence')
  @ApiOperation({ summary: 'Say you are viewing or replying (repeat every 15 s), or that you left' })
  @ApiJsonBody(presenceRequestSchema)
  @ApiErrors(400, 404)
  async announce(@Param('id') id: string, @Body() body: unknown, @CurrentAuth() auth: Authenticated): Promise<PresenceDto[]> {
    if (!isBigintId(id)) throw new AppError('not_found', 'No such conversation.');
    const { state } = validate(presenceRequestSchema, body);
    await this.presence.announce(id, { id: auth.person.id, name: auth.person.name }, state);
    return this.presence.of(id);
  }
}
