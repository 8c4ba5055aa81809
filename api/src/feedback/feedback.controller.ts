import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { AppError } from '../common/app-error.js';
import { ApiErrors, ApiJsonBody } from '../common/openapi.js';
import { validate } from '../common/validate.js';
import { AdminOnly, CurrentAuth } from '../people/auth.decorators.js';
import type { Authenticated } from '../people/session.service.js';
import {
  type ConversationFeedbackDto,
  createIssueRequestSchema,
  createThemeRequestSchema,
  type FeedbackSettingsDto,
  feedbackSettingsRequestSchema,
  type FixReplyDto,
  type IssueLinkDto,
  linkConversationRequestSchema,
  mergeThemeRequestSchema,
  pinQuoteRequestSchema,
  type QuoteDto,
  tagRequestSchema,
  type ThemeDto,
  type ThemeSummaryDto,
  updateFixReplyRequestSchema,
  updateIssueRequestSchema,
  updateThemeRequestSchema,
  type WebhookSecretDto,
} from './feedback.contract.js';
import { FeedbackService } from './feedback.service.js';
import { WEBHOOK_TRACKERS, type WebhookTracker } from './webhooks.js';

@ApiTags('feedback')
@Controller()
export class FeedbackController {
  constructor(private readonly feedback: FeedbackService) {}

  @Post('quotes')
  @ApiOperation({ summary: 'Pin a customer’s exact words: {messageId, start, end} in UTF-16 code units of the message text; the server takes the words itself' })
  @ApiJsonBody(pinQuoteRequestSchema)
  @ApiErrors(400, 404)
  pin(@Body() body: unknown, @CurrentAuth() auth: Authenticated): Promise<QuoteDto> {
    return this.feedback.pin(validate(pinQuoteRequestSchema, body), auth.person);
  }

  @Delete('quotes/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Retract a quote (quotes are never edited)' })
  @ApiErrors(404)
  retract(@Param('id') id: string, @CurrentAuth() auth: Authenticated): Promise<void> {
    return this.feedback.retract(id, auth.person);
  }

  @Post('quotes/:id/themes')
  @ApiOperation({ summary: 'Tag a quote with a theme' })
  @ApiJsonBody(tagRequestSchema)
  @ApiErrors(400, 404)
  tag(@Param('id') id: string, @Body() body: unknown, @CurrentAuth() auth: Authenticated): Promise<QuoteDto> {
    return this.feedback.tag(id, validate(tagRequestSchema, body).themeId, auth.person);
  }

  @Delete('quotes/:id/themes/:themeId')
  @ApiOperation({ summary: 'Remove a theme from a quote' })
  @ApiErrors(404)
  untag(@Param('id') id: string, @Param('themeId') themeId: string): Promise<QuoteDto> {
    return this.feedback.untag(id, themeId);
  }

  @Get('themes')
  @ApiOperation({ summary: 'Themes, most distinct customers first, with quote, customer and company counts' })
  themes(): Promise<ThemeSummaryDto[]> {
    return this.feedback.themes();
  }

  @Post('themes')
  @ApiOperation({ summary: 'Create a theme (suggestion phrases: admins only)' })
  @ApiJsonBody(createThemeRequestSchema)
  @ApiErrors(400, 403, 409)
  createTheme(@Body() body: unknown, @CurrentAuth() auth: Authenticated): Promise<ThemeDto> {
    return this.feedback.createTheme(validate(createThemeRequestSchema, body), auth.person);
  }

  @Get('themes/:id')
  @ApiOperation({ summary: 'A theme’s page: its quotes verbatim, counts, first and last seen, weekly trend, linked issues' })
  @ApiErrors(404)
  theme(@Param('id') id: string): Promise<ThemeDto> {
    return this.feedback.theme(id);
  }

  @Patch('themes/:id')
  @ApiOperation({ summary: 'Rename, describe, or (admins) set suggestion phrases' })
  @ApiJsonBody(updateThemeRequestSchema)
  @ApiErrors(400, 403, 404, 409)
  updateTheme(@Param('id') id: string, @Body() body: unknown, @CurrentAuth() auth: Authenticated): Promise<ThemeDto> {
    return this.feedback.updateTheme(id, validate(updateThemeRequestSchema, body), auth.person);
  }

  @Post('themes/:id/merge')
  @ApiOperation({ summary: 'Merge this theme into another: its quotes, issue links and phrases move over' })
  @ApiJsonBody(mergeThemeRequestSchema)
  @ApiErrors(400, 404)
  merge(@Param('id') id: string, @Body() body: unknown): Promise<ThemeDto> {
    return this.feedback.mergeTheme(id, validate(mergeThemeRequestSchema, body).intoThemeId);
  }

  @Get('issues')
  @ApiOperation({ summary: 'Linked issues, open first' })
  issues(): Promise<IssueLinkDto[]> {
    return this.feedback.issues();
  }

  @Post('issues')
  @ApiOperation({ summary: 'Link an issue (GitHub, GitLab, Linear, Jira or any URL) to themes and conversations; the same URL is one link' })
  @ApiJsonBody(createIssueRequestSchema)
  @ApiErrors(400, 404)
  createIssue(@Body() body: unknown, @CurrentAuth() auth: Authenticated): Promise<IssueLinkDto> {
    return this.feedback.createIssue(validate(createIssueRequestSchema, body), auth.person);
  }

  @Patch('issues/:id')
  @ApiOperation({ summary: 'Set the state by hand (open, fixed, wontfix); becoming fixed drafts a reply to every customer who asked' })
  @ApiJsonBody(updateIssueRequestSchema)
  @ApiErrors(400, 404)
  async updateIssue(@Param('id') id: string, @Body() body: unknown): Promise<IssueLinkDto> {
    const input = validate(updateIssueRequestSchema, body);
    const current = await this.feedback.issue(id);
    return this.feedback.setIssueState(id, input.state ?? current.state, input.title);
  }

  @Post('issues/:id/themes')
  @ApiOperation({ summary: 'Link a theme to the issue' })
  @ApiJsonBody(tagRequestSchema)
  @ApiErrors(400, 404)
  linkTheme(@Param('id') id: string, @Body() body: unknown): Promise<IssueLinkDto> {
    return this.feedback.linkTheme(id, validate(tagRequestSchema, body).themeId);
  }

  @Post('issues/:id/conversations')
  @ApiOperation({ summary: 'Link a conversation to the issue' })
  @ApiJsonBody(linkConversationRequestSchema)
  @ApiErrors(400, 404)
  linkConversation(@Param('id') id: string, @Body() body: unknown): Promise<IssueLinkDto> {
    return this.feedback.linkConversation(id, validate(linkConversationRequestSchema, body).conversationId);
  }

  @Get('fix-replies')
  @ApiOperation({ summary: '“Fixed — tell them”: replies drafted when linked issues were fixed' })
  @ApiQuery({ name: 'status', required: false, description: 'draft, sent or discarded' })
  fixReplies(@Query('status') status: string | undefined): Promise<FixReplyDto[]> {
    if (status !== undefined && !['draft', 'sent', 'discarded'].includes(status)) throw new AppError('validation_failed', 'status is draft, sent or discarded.');
    return this.feedback.fixReplies(status);
  }

  @Patch('fix-replies/:id')
  @ApiOperation({ summary: 'Edit a draft before sending' })
  @ApiJsonBody(updateFixReplyRequestSchema)
  @ApiErrors(400, 409)
  editFixReply(@Param('id') id: string, @Body() body: unknown): Promise<FixReplyDto> {
    return this.feedback.updateFixReply(id, validate(updateFixReplyRequestSchema, body));
  }

  @Post('fix-replies/:id/send')
  @ApiOperation({ summary: 'Send one draft through the normal reply path' })
  @ApiErrors(404, 409)
  send(@Param('id') id: string, @CurrentAuth() auth: Authenticated): Promise<FixReplyDto> {
    return this.feedback.sendFixReply(id, auth.person);
  }

  @Post('fix-replies/:id/discard')
  @ApiOperation({ summary: 'Discard a draft' })
  @ApiErrors(409)
  discard(@Param('id') id: string): Promise<FixReplyDto> {
    return this.feedback.updateFixReply(id, { status: 'discarded' });
  }

  @Post('fix-replies/send-all')
  @ApiOperation({ summary: 'Send every draft' })
  sendAll(@CurrentAuth() auth: Authenticated): Promise<{ sent: number; failed: number }> {
    return this.feedback.sendAllFixReplies(auth.person);
  }

  @Get('settings/feedback')
  @ApiOperation({ summary: 'Whether fix replies go out without a person (off by default)' })
  settings(): Promise<FeedbackSettingsDto> {
    return this.feedback.settings();
  }

  @Put('settings/feedback')
  @AdminOnly()
  @ApiOperation({ summary: 'Turn automatic sending of fix replies on or off (admins)' })
  @ApiJsonBody(feedbackSettingsRequestSchema)
  @ApiErrors(400, 403)
  putSettings(@Body() body: unknown, @CurrentAuth() auth: Authenticated): Promise<FeedbackSettingsDto> {
    return this.feedback.putSettings(validate(feedbackSettingsRequestSchema, body), auth.person);
  }

  @Get('conversations/:id/feedback')
  @ApiOperation({ summary: 'A conversation’s quotes, themes, linked issues and theme suggestions' })
  @ApiErrors(404)
  conversation(@Param('id') id: string): Promise<ConversationFeedbackDto> {
    return this.feedback.forConversation(id);
  }

  @Post('webhooks/:tracker/secret')
  @AdminOnly()
  @ApiOperation({ summary: 'Create (or replace) the webhook secret for github, gitlab or linear; shown once' })
  @ApiErrors(400, 403)
  secret(@Param('tracker') tracker: string): Promise<WebhookSecretDto> {
    if (!WEBHOOK_TRACKERS.includes(tracker as WebhookTracker)) throw new AppError('not_found', 'Webhooks exist for github, gitlab and linear.');
    return this.feedback.createWebhookSecret(tracker as WebhookTracker);
  }
}
