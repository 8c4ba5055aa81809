import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { ApiErrors, ApiJsonBody } from '../common/openapi.js';
import { validate } from '../common/validate.js';
import { CurrentAuth, Public } from '../people/auth.decorators.js';
import type { Authenticated } from '../people/session.service.js';
import { type CalendarFeedDto, CalendarFeedsService } from './calendar-feeds.service.js';

const createFeedSchema = z.object({ rotationId: z.uuid().optional() }).strict();

@ApiTags('rotation')
@Controller()
export class CalendarFeedsController {
  constructor(private readonly feeds: CalendarFeedsService) {}

  @Post('calendar-feeds')
  @ApiOperation({ summary: 'A secret iCal URL: for a rotation (rotationId), or for your own duty days (no body)' })
  @ApiJsonBody(createFeedSchema)
  @ApiErrors(400, 404)
  create(@Body() body: unknown, @CurrentAuth() auth: Authenticated): Promise<CalendarFeedDto> {
    return this.feeds.create(validate(createFeedSchema, body), auth.person);
  }

  @Get('calendar-feeds')
  @ApiOperation({ summary: 'Your calendar feeds (their URLs are shown only when created)' })
  list(@CurrentAuth() auth: Authenticated): Promise<CalendarFeedDto[]> {
    return this.feeds.list(auth.person);
  }

  @Delete('calendar-feeds/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a calendar feed: its URL stops working at once' })
  @ApiErrors(404)
  revoke(@Param('id') id: string, @CurrentAuth() auth: Authenticated): Promise<void> {
    return this.feeds.revoke(id, auth.person);
  }

  /** Calendar apps fetch this without a session: the token in the URL is the credential. */
  @Get('ical/:token.ics')
  @Public()
  @ApiOperation({ summary: 'The iCalendar (RFC 5545) feed behind a secret token' })
  @ApiErrors(404)
  async feed(@Param('token') token: string, @Res({ passthrough: true }) response: Response): Promise<string> {
    const body = await this.feeds.render(token);
    response.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    response.setHeader('Cache-Control', 'private, max-age=300');
    return body;
  }
}
