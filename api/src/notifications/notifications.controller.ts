import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { z } from 'zod';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiJsonBody } from '../common/openapi.js';
import { validate } from '../common/validate.js';
import { CurrentAuth } from '../people/auth.decorators.js';
import type { Authenticated } from '../people/session.service.js';
import { NotificationsService } from './notifications.service.js';
import { NOTIFICATION_KINDS, type NotificationListDto, type NotificationPreferencesDto } from './notifications.types.js';

const preferencesSchema = z.partialRecord(
  z.enum(NOTIFICATION_KINDS),
  z.object({ inApp: z.boolean().optional(), push: z.boolean().optional(), email: z.boolean().optional(), onlyOnDuty: z.boolean().optional() }).strict(),
);

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'Your notifications, newest first (at most 50), and how many are unread' })
  list(@CurrentAuth() auth: Authenticated): Promise<NotificationListDto> {
    return this.notifications.list(auth.person.id);
  }

  @Get('preferences')
  @ApiOperation({ summary: 'Which kinds of notification reach you (all on by default)' })
  preferences(@CurrentAuth() auth: Authenticated): Promise<NotificationPreferencesDto> {
    return this.notifications.preferences(auth.person.id);
  }

  @Put('preferences')
  @ApiOperation({ summary: 'Turn kinds of notification on or off per channel (in-app, push, email) for yourself; only what is sent changes' })
  @ApiJsonBody(preferencesSchema)
  @ApiErrors(400)
  setPreferences(@Body() body: unknown, @CurrentAuth() auth: Authenticated): Promise<NotificationPreferencesDto> {
    return this.notifications.setPreferences(auth.person.id, validate(preferencesSchema, body));
  }

  @Post('read-all')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark all your notifications read' })
  markAllRead(@CurrentAuth() auth: Authenticated): Promise<void> {
    return this.notifications.markAllRead(auth.person.id);
  }

  @Post(':id/read')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark one of your notifications read' })
  @ApiErrors(404)
  markRead(@Param('id') id: string, @CurrentAuth() auth: Authenticated): Promise<void> {
    return this.notifications.markRead(id, auth.person.id);
  }
}
