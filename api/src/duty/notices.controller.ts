import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/openapi.js';
import { CurrentAuth } from '../people/auth.decorators.js';
import type { Authenticated } from '../people/session.service.js';
import { DutyRemindersService } from './duty-reminders.service.js';
import type { NoticeDto } from './duty.types.js';

@ApiTags('notices')
@Controller('notices')
export class NoticesController {
  constructor(private readonly reminders: DutyRemindersService) {}

  @Get()
  @ApiOperation({ summary: 'Your in-app notices (duty reminders), newest first' })
  list(@CurrentAuth() auth: Authenticated): Promise<NoticeDto[]> {
    return this.reminders.notices(auth.person.id);
  }

  @Post(':id/read')
  @HttpCode(204)
  @ApiOperation({ summary: 'Mark a notice read' })
  @ApiErrors(404)
  markRead(@Param('id') id: string, @CurrentAuth() auth: Authenticated): Promise<void> {
    return this.reminders.markRead(id, auth.person.id);
  }
}
