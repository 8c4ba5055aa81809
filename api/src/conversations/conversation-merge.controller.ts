import { Body, Controller, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { ApiErrors, ApiJsonBody } from '../common/openapi.js';
import { validate } from '../common/validate.js';
import { clientOf, CurrentAuth } from '../people/auth.decorators.js';
import type { Authenticated } from '../people/session.service.js';
import { ConversationMergeService } from './conversation-merge.service.js';
import type { MergeResultDto, SplitResultDto } from './conversations.types.js';

export const mergeRequestSchema = z.object({ otherId: z.string().regex(/^\d{1,18}$/, 'otherId must be a conversation id') }).strict();

@ApiTags('conversations')
@Controller()
export class ConversationMergeController {
  constructor(private readonly merges: ConversationMergeService) {}

  @Post('conversations/:id/merge')
  @ApiOperation({ summary: 'Merge two conversations of the same customer: the older absorbs the newer (both threads, arrival order); audited; undo within a minute' })
  @ApiJsonBody(mergeRequestSchema)
  @ApiErrors(400, 404)
  merge(@Param('id') id: string, @Body() body: unknown, @Req() request: Request, @CurrentAuth() auth: Authenticated): Promise<MergeResultDto> {
    return this.merges.merge(id, validate(mergeRequestSchema, body).otherId, auth.person, clientOf(request).ip);
  }

  @Post('merges/:id/undo')
  @ApiOperation({ summary: 'Undo a merge made less than a minute ago (409 after, or when the conversation changed since)' })
  @ApiErrors(404, 409)
  undo(@Param('id') id: string, @Req() request: Request, @CurrentAuth() auth: Authenticated): Promise<{ conversationId: string; restoredId: string }> {
    return this.merges.undoMerge(id, auth.person, clientOf(request).ip);
  }

  @Post('messages/:id/split')
  @ApiOperation({ summary: 'Split an email out of its conversation into a new conversation of the same customer; audited' })
  @ApiErrors(400, 404)
  split(@Param('id') id: string, @Req() request: Request, @CurrentAuth() auth: Authenticated): Promise<SplitResultDto> {
    return this.merges.split(id, auth.person, clientOf(request).ip);
  }
}
