import { Controller, Get, HttpCode, Param, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiErrors } from '../common/openapi.js';
import type { QuarantinedMessageDto, SyncResultDto } from '../mailboxes/mailboxes.types.js';
import { AdminOnly } from '../people/auth.decorators.js';
import { QuarantineService } from './quarantine.service.js';

@ApiTags('quarantine')
@Controller('quarantine')
@AdminOnly()
export class QuarantineController {
  constructor(private readonly quarantine: QuarantineService) {}

  @Get()
  @ApiOperation({ summary: 'Messages that could not be processed, with the reason (admins)' })
  list(): Promise<QuarantinedMessageDto[]> {
    return this.quarantine.list();
  }

  @Get(':id/raw')
  @ApiOperation({ summary: 'Download the quarantined message byte for byte' })
  @ApiErrors(404)
  async raw(@Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    const bytes = await this.quarantine.raw(id);
    response.setHeader('Content-Disposition', `attachment; filename="quarantined-${id}.eml"`);
    return new StreamableFile(bytes, { type: 'message/rfc822' });
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Process the message again' })
  @ApiErrors(404)
  retry(@Param('id') id: string): Promise<SyncResultDto> {
    return this.quarantine.retry(id);
  }

  @Post(':id/force-new-conversation')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ingest into a new conversation, without threading or the size limit' })
  @ApiErrors(404, 409)
  forceNew(@Param('id') id: string): Promise<{ conversationId: string }> {
    return this.quarantine.forceNewConversation(id);
  }
}
