import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/openapi.js';
import type { UndoneReplyDto } from '../conversations/conversations.types.js';
import { CurrentAuth } from '../people/auth.decorators.js';
import type { Authenticated } from '../people/session.service.js';
import { UndoSendService } from './undo-send.service.js';

@ApiTags('conversations')
@Controller()
export class UndoSendController {
  constructor(private readonly undoSend: UndoSendService) {}

  @Post('messages/:id/undo')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Take back a reply still waiting out its undo time (only its author): it is never sent; answers the draft (text, recipients, files as new uploads). 409 once it has gone to the outbox.',
  })
  @ApiErrors(403, 404, 409)
  undo(@Param('id') id: string, @CurrentAuth() auth: Authenticated): Promise<UndoneReplyDto> {
    return this.undoSend.undo(id, auth.person);
  }
}
