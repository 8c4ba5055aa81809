import { Body, Controller, Get, Param, Patch, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiErrors, ApiJsonBody } from '../common/openapi.js';
import { validate } from '../common/validate.js';
import { noteRequestSchema, updateConversationRequestSchema } from './conversations.contract.js';
import { ConversationActionsService } from './conversation-actions.service.js';
import { CurrentAuth } from '../people/auth.decorators.js';
import type { Authenticated } from '../people/session.service.js';
import type { ConversationDto, ConversationPageDto, ViewCountsDto } from './conversations.types.js';
import { ConversationsService, type ListQuery } from './conversations.service.js';

@ApiTags('conversations')
@Controller()
export class ConversationsController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly actions: ConversationActionsService,
  ) {}

  @Get('conversations')
  @ApiOperation({ summary: 'Conversations, most recent activity first, with the customer’s own words as preview' })
  @ApiQuery({ name: 'status', required: false, description: 'open, pending, snoozed, closed, spam, bulk; several separated by commas' })
  @ApiQuery({ name: 'mailbox', required: false })
  @ApiQuery({ name: 'assignee', required: false, description: 'a person id, "me" or "unassigned"' })
  @ApiQuery({ name: 'cursor', required: false, description: 'nextCursor of the previous page' })
  @ApiQuery({ name: 'limit', required: false, description: '1–200, default 50' })
  @ApiQuery({
    name: 'q',
    required: false,
    description:
      'Search: free words (matched in what customers wrote; "phrases", -excluded) and from:, to:, subject:, status:, assignee: (me, none, a name), has:attachment, before:/after: (YYYY-MM-DD). With words, results come newest match first with `match` set.',
  })
  @ApiErrors(400)
  list(@Query() query: ListQuery, @CurrentAuth() auth: Authenticated): Promise<ConversationPageDto> {
    return this.conversations.list(query, auth.person.id);
  }

  @Get('conversations/counts')
  @ApiOperation({ summary: 'How many conversations each inbox view holds (Unassigned, Mine, All open, Pending, Snoozed, Closed, Spam, open per mailbox)' })
  counts(@CurrentAuth() auth: Authenticated): Promise<ViewCountsDto> {
    return this.conversations.counts(auth.person.id);
  }

  @Get('conversations/:id')
  @ApiOperation({ summary: 'A conversation with every message in order: full text, new-words span, thread rule. Its customer mail counts as read for the caller from now. 404 for one merged into another carries `error.mergedInto` (the conversation it lives in now).' })
  @ApiErrors(404)
  get(@Param('id') id: string, @CurrentAuth() auth: Authenticated): Promise<ConversationDto> {
    return this.conversations.open(id, auth.person.id);
  }

  @Patch('conversations/:id')
  @ApiOperation({ summary: 'Change status (open, pending, snoozed with snoozedUntil, closed, spam, bulk) or assignee; each change is an activity entry' })
  @ApiJsonBody(updateConversationRequestSchema)
  @ApiErrors(400, 404, 409)
  update(@Param('id') id: string, @Body() body: unknown, @CurrentAuth() auth: Authenticated): Promise<ConversationDto> {
    return this.actions.update(id, validate(updateConversationRequestSchema, body), auth.person);
  }

  @Post('conversations/:id/notes')
  @ApiOperation({ summary: 'An internal note: shown to the team, never emailed' })
  @ApiJsonBody(noteRequestSchema)
  @ApiErrors(400, 404)
  note(@Param('id') id: string, @Body() body: unknown, @CurrentAuth() auth: Authenticated): Promise<ConversationDto> {
    return this.actions.addNote(id, validate(noteRequestSchema, body).text, auth.person);
  }

  @Get('messages/:id/html')
  @ApiOperation({ summary: 'The HTML part exactly as received, as JSON text: the web app sanitises it and shows it in a sandboxed frame' })
  @ApiErrors(404)
  async html(@Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<{ html: string }> {
    response.setHeader('Cache-Control', 'private, max-age=3600');
    return { html: await this.conversations.html(id) };
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
  @ApiOperation({ summary: 'Download an attachment (as a download; ?inline=1 serves PNG, JPEG, GIF and WebP images for cid: references)' })
  @ApiQuery({ name: 'inline', required: false })
  @ApiErrors(404)
  async attachment(@Param('id') id: string, @Query('inline') inline: string | undefined, @Res({ passthrough: true }) response: Response): Promise<StreamableFile> {
    const attachment = await this.conversations.attachment(id);
    const image = /^image\/(png|jpeg|gif|webp)$/i.exec(attachment.contentType)?.[0]?.toLowerCase();
    if (inline === '1' && image) {
      response.setHeader('X-Content-Type-Options', 'nosniff');
      response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
      response.setHeader('Cache-Control', 'private, max-age=86400');
      return new StreamableFile(attachment.bytes, { type: image });
    }
    const filename = (attachment.filename ?? 'attachment').replace(/[\r\n"\\]/g, '_');
    response.setHeader('Content-Disposition', `attachment; filename="${filename.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(attachment.bytes, { type: 'application/octet-stream' });
  }
}
