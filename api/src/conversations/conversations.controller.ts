import { Controller, Get, Param, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiErrors } from '../common/openapi.js';
import { CurrentAuth } from '../people/auth.decorators.js';
import type { Authenticated } from '../people/session.service.js';
import type { ConversationDto, ConversationPageDto } from './conversations.types.js';
import { ConversationsService, type ListQuery } from './conversations.service.js';

@ApiTags('conversations')
@Controller()
export class ConversationsController {
  constructor(private readonly conversations: ConversationsService) {}

  @Get('conversations')
  @ApiOperation({ summary: 'Conversations, most recent activity first, with the customer’s own words as preview' })
  @ApiQuery({ name: 'status', required: false, description: 'open, pending, snoozed, closed, spam; several separated by commas' })
  @ApiQuery({ name: 'mailbox', required: false })
  @ApiQuery({ name: 'assignee', required: false, description: 'a person id, "me" or "unassigned"' })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiQuery({ name: 'limit', required: false, description: '1–200, default 50' })
  @ApiErrors(400)
  list(@Query() query: ListQuery, @CurrentAuth() auth: Authenticated): Promise<ConversationPageDto> {
    return this.conversations.list(query, auth.person.id);
  }

  @Get('conversations/:id')
  @ApiOperation({ summary: 'A conversation with every message in order: full text, new-words span, thread rule' })
  @ApiErrors(404)
  get(@Param('id') id: string): Promise<ConversationDto> {
    return this.conversations.get(id);
  }

  @Get('messages/:id/raw')
  @ApiOperation({ summary: 'The original .eml, byte for byte' })
  @ApiErrors(404)
  async raw(@Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    const bytes = await this.conversations.raw(id);
    response.setHeader('Content-Disposition', `attachment; filename="message-${id}.eml"`);
    return new StreamableFile(bytes, { type: 'message/rfc822' });
  }

  @Get('attachments/:id')
  @ApiOperation({ summary: 'Download an attachment (always as a download, never rendered inline)' })
  @ApiErrors(404)
  async attachment(@Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    const attachment = await this.conversations.attachment(id);
    const filename = (attachment.filename ?? 'attachment').replace(/[\r\n"\\]/g, '_');
    response.setHeader('Content-Disposition', `attachment; filename="${filename.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(attachment.bytes, { type: 'application/octet-stream' });
  }
}
