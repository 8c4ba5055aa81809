import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiJsonBody } from '../common/openapi.js';
import { validate } from '../common/validate.js';
import { CurrentAuth } from '../people/auth.decorators.js';
import type { Authenticated } from '../people/session.service.js';
import { type ConversationFeedbackDto, pinQuoteRequestSchema, type QuoteDto, tagRequestSchema } from './feedback.contract.js';
import { ConversationFeedbackService } from './conversation-feedback.service.js';
import { QuotesService } from './quotes.service.js';

@ApiTags('feedback')
@Controller()
export class QuotesController {
  constructor(
    private readonly quotes: QuotesService,
    private readonly conversationFeedback: ConversationFeedbackService,
  ) {}

  @Post('quotes')
  @ApiOperation({ summary: 'Pin a customer’s exact words: {messageId, start, end} in UTF-16 code units of the message text; the server takes the words itself' })
  @ApiJsonBody(pinQuoteRequestSchema)
  @ApiErrors(400, 404)
  pin(@Body() body: unknown, @CurrentAuth() auth: Authenticated): Promise<QuoteDto> {
    return this.quotes.pin(validate(pinQuoteRequestSchema, body), auth.person);
  }

  @Delete('quotes/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Retract a quote (quotes are never edited)' })
  @ApiErrors(403, 404)
  retract(@Param('id') id: string, @CurrentAuth() auth: Authenticated): Promise<void> {
    return this.quotes.retract(id, auth.person);
  }

  @Post('quotes/:id/themes')
  @ApiOperation({ summary: 'Tag a quote with a theme' })
  @ApiJsonBody(tagRequestSchema)
  @ApiErrors(400, 404)
  tag(@Param('id') id: string, @Body() body: unknown, @CurrentAuth() auth: Authenticated): Promise<QuoteDto> {
    return this.quotes.tag(id, validate(tagRequestSchema, body).themeId, auth.person);
  }

  @Delete('quotes/:id/themes/:themeId')
  @ApiOperation({ summary: 'Remove a theme from a quote' })
  @ApiErrors(404)
  untag(@Param('id') id: string, @Param('themeId') themeId: string): Promise<QuoteDto> {
    return this.quotes.untag(id, themeId);
  }

  @Get('conversations/:id/feedback')
  @ApiOperation({ summary: 'A conversation’s quotes, themes, linked issues and theme suggestions' })
  @ApiErrors(404)
  conversation(@Param('id') id: string): Promise<ConversationFeedbackDto> {
    return this.conversationFeedback.forConversation(id);
  }
}
