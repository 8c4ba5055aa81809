import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AppError } from '../common/app-error.js';
import { ApiErrors, ApiJsonBody } from '../common/openapi.js';
import { validate } from '../common/validate.js';
import type { ConversationDto } from '../conversations/conversations.types.js';
import type { AddressDto } from '../conversations/message.entity.js';
import { TransactionRunner } from '../database/transaction.js';
import { CurrentAuth } from '../people/auth.decorators.js';
import type { Authenticated } from '../people/session.service.js';
import { ForwardsService } from './forwards.service.js';
import { NewConversationService } from './new-conversation.service.js';
import { forwardRequestSchema, type ForwardResultDto, newConversationRequestSchema, type NewConversationResultDto, type UndoneConversationDto } from './outbound.contract.js';
import { OutboundRepository } from './outbound.repository.js';

@ApiTags('conversations')
@Controller()
export class OutboundController {
  constructor(
    private readonly forwards: ForwardsService,
    private readonly starts: NewConversationService,
    private readonly outbound: OutboundRepository,
    private readonly transactions: TransactionRunner,
  ) {}

  @Post('conversations/:id/forwards')
  @ApiOperation({
    summary:
      'Forward one email of the conversation (messageId) or the whole conversation to anyone, with an optional note above and the original attachments (within the attachment limits: 400 otherwise). Recorded in the conversation; never sent to the customer. Held for the undo time like a reply (sendAfter; POST /api/messages/:id/undo).',
  })
  @ApiJsonBody(forwardRequestSchema)
  @ApiErrors(400, 404, 409)
  forward(@Param('id') id: string, @Body() body: unknown, @CurrentAuth() auth: Authenticated): Promise<ForwardResultDto & { conversation: ConversationDto }> {
    return this.forwards.forward(id, validate(forwardRequestSchema, body), auth.person);
  }

  @Post('conversations')
  @ApiOperation({
    summary:
      'Start a conversation: an email to a customer from a mailbox, assigned to you, sent by the outbox; their answer threads into it. Held for your undo time like a reply (sendAfter): until then it is not in the inbox, and POST /api/held-conversations/:id/undo takes it back.',
  })
  @ApiJsonBody(newConversationRequestSchema)
  @ApiErrors(400, 404)
  start(@Body() body: unknown, @CurrentAuth() auth: Authenticated): Promise<NewConversationResultDto> {
    return this.starts.start(validate(newConversationRequestSchema, body), auth.person);
  }

  @Post('held-conversations/:id/undo')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Take back a new conversation still waiting out its undo time (only its author): nothing is stored or sent; answers what the dialog had (mailbox, recipients, subject, text, files as uploads). 409 once it has gone to the outbox.',
  })
  @ApiErrors(403, 404, 409)
  undoStart(@Param('id') id: string, @CurrentAuth() auth: Authenticated): Promise<UndoneConversationDto> {
    return this.starts.undo(id, auth.person);
  }

  @Get('recipients')
  @ApiOperation({ summary: 'Known contacts whose address starts with, or whose name contains, the typed text (for the To field)' })
  @ApiQuery({ name: 'q', required: true })
  @ApiErrors(400)
  suggest(@Query('q') q: unknown): Promise<AddressDto[]> {
    if (typeof q !== 'string' || q.trim().length === 0 || q.length > 200) throw new AppError('validation_failed', 'q must be the start of an address or name (1–200 characters).');
    return this.transactions.run((tx) => this.outbound.suggestContacts(q.trim(), 8, tx));
  }
}
