import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiJsonBody } from '../common/openapi.js';
import { validate } from '../common/validate.js';
import { replyRequestSchema } from '../conversations/conversations.contract.js';
import type { ConversationDto, ReplyResultDto } from '../conversations/conversations.types.js';
import { CurrentAuth } from '../people/auth.decorators.js';
import type { Authenticated } from '../people/session.service.js';
import { RepliesService } from './replies.service.js';

@ApiTags('conversations')
@Controller()
export class RepliesController {
  constructor(private readonly replies: RepliesService) {}

  @Post('conversations/:id/replies')
  @ApiOperation({
    summary: 'Reply to the customer: stored and queued at once, sent by the outbox. 409 (with newMessageIds) when something arrived after seenVersion; the draft is not sent.',
  })
  @ApiJsonBody(replyRequestSchema)
  @ApiErrors(400, 404, 409)
  reply(@Param('id') id: string, @Body() body: unknown, @CurrentAuth() auth: Authenticated): Promise<ReplyResultDto> {
    return this.replies.reply(id, validate(replyRequestSchema, body), auth.person);
  }

  @Post('messages/:id/resend')
  @ApiOperation({ summary: 'Queue a failed reply again (same Message-ID)' })
  @ApiErrors(404)
  resend(@Param('id') id: string): Promise<ConversationDto> {
    return this.replies.resend(id);
  }
}
