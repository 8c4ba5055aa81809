import { Body, Controller, Delete, Get, Param, Patch, Post, Put, Query, Req } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AppError } from '../common/app-error.js';
import { ApiErrors, ApiJsonBody } from '../common/openapi.js';
import { validate } from '../common/validate.js';
import { AdminOnly, CurrentAuth } from '../people/auth.decorators.js';
import type { Authenticated } from '../people/session.service.js';
import {
  createIssueRequestSchema,
  type FeedbackSettingsDto,
  feedbackSettingsRequestSchema,
  type FixReplyDto,
  type IssueLinkDto,
  linkConversationRequestSchema,
  tagRequestSchema,
  updateFixReplyRequestSchema,
  updateIssueRequestSchema,
} from './feedback.contract.js';
import type { FixReplyStatus } from './fix-replies.repository.js';
import { FixRepliesService } from './fix-replies.service.js';
import { MemberActions } from './member-actions.js';
import { IssuesService } from './issues.service.js';

@ApiTags('feedback')
@Controller()
export class IssuesController {
  constructor(
    private readonly issuesService: IssuesService,
    private readonly fixRepliesService: FixRepliesService,
    private readonly memberActions: MemberActions,
  ) {}

  @Get('issues')
  @ApiOperation({ summary: 'Linked issues, open first' })
  issues(): Promise<IssueLinkDto[]> {
    return this.issuesService.issues();
  }

  @Post('issues')
  @ApiOperation({ summary: 'Link an issue (GitHub, GitLab, Linear, Jira or any URL) to themes and conversations; the same URL is one link' })
  @ApiJsonBody(createIssueRequestSchema)
  @ApiErrors(400, 404)
  createIssue(@Body() body: unknown, @CurrentAuth() auth: Authenticated): Promise<IssueLinkDto> {
    return this.issuesService.createIssue(validate(createIssueRequestSchema, body), auth.person);
  }

  @Patch('issues/:id')
  @ApiOperation({ summary: 'Set the state by hand (open, fixed, wontfix); becoming fixed drafts a reply to every customer who asked' })
  @ApiJsonBody(updateIssueRequestSchema)
  @ApiErrors(400, 403, 404)
  async updateIssue(@Param('id') id: string, @Body() body: unknown, @CurrentAuth() auth: Authenticated): Promise<IssueLinkDto> {
    const input = validate(updateIssueRequestSchema, body);
    await this.memberActions.require(auth.person, 'manageIssues');
    const current = await this.issuesService.issue(id);
    return this.issuesService.setIssueState(id, input.state ?? current.state, input.title, input.fixSummary);
  }

  @Post('issues/:id/themes')
  @ApiOperation({ summary: 'Link a theme to the issue' })
  @ApiJsonBody(tagRequestSchema)
  @ApiErrors(400, 404)
  linkTheme(@Param('id') id: string, @Body() body: unknown): Promise<IssueLinkDto> {
    return this.issuesService.linkTheme(id, validate(tagRequestSchema, body).themeId);
  }

  @Post('issues/:id/conversations')
  @ApiOperation({ summary: 'Link a conversation to the issue' })
  @ApiJsonBody(linkConversationRequestSchema)
  @ApiErrors(400, 404)
  linkConversation(@Param('id') id: string, @Body() body: unknown): Promise<IssueLinkDto> {
    return this.issuesService.linkConversation(id, validate(linkConversationRequestSchema, body).conversationId);
  }

  @Delete('issues/:id/themes/:themeId')
  @ApiOperation({ summary: 'Unlink a theme from the issue' })
  @ApiErrors(403, 404)
  async unlinkTheme(@Param('id') id: string, @Param('themeId') themeId: string, @CurrentAuth() auth: Authenticated): Promise<IssueLinkDto> {
    await this.memberActions.require(auth.person, 'manageIssues');
    return this.issuesService.unlinkTheme(id, themeId);
  }

  @Delete('issues/:id/conversations/:conversationId')
  @ApiOperation({ summary: 'Unlink a conversation from the issue' })
  @ApiErrors(403, 404)
  async unlinkConversation(@Param('id') id: string, @Param('conversationId') conversationId: string, @CurrentAuth() auth: Authenticated): Promise<IssueLinkDto> {
    await this.memberActions.require(auth.person, 'manageIssues');
    return this.issuesService.unlinkConversation(id, conversationId);
  }

  @Get('fix-replies')
  @ApiOperation({ summary: '“Fixed — tell them”: replies drafted when linked issues were fixed' })
  @ApiQuery({ name: 'status', required: false, description: 'draft, sent or discarded' })
  fixReplies(@Query('status') status: string | undefined): Promise<FixReplyDto[]> {
    if (status !== undefined && !['draft', 'sent', 'discarded'].includes(status)) throw new AppError('validation_failed', 'status is draft, sent or discarded.');
    return this.fixRepliesService.list(status as FixReplyStatus | undefined);
  }

  @Patch('fix-replies/:id')
  @ApiOperation({ summary: 'Edit a draft before sending' })
  @ApiJsonBody(updateFixReplyRequestSchema)
  @ApiErrors(400, 409)
  editFixReply(@Param('id') id: string, @Body() body: unknown): Promise<FixReplyDto> {
    return this.fixRepliesService.update(id, validate(updateFixReplyRequestSchema, body));
  }

  @Post('fix-replies/:id/send')
  @ApiOperation({ summary: 'Send one draft through the normal reply path' })
  @ApiErrors(404, 409)
  send(@Param('id') id: string, @CurrentAuth() auth: Authenticated): Promise<FixReplyDto> {
    return this.fixRepliesService.send(id, auth.person);
  }

  @Post('fix-replies/:id/discard')
  @ApiOperation({ summary: 'Discard a draft' })
  @ApiErrors(409)
  discard(@Param('id') id: string): Promise<FixReplyDto> {
    return this.fixRepliesService.update(id, { status: 'discarded' });
  }

  @Post('fix-replies/send-all')
  @ApiOperation({ summary: 'Send every draft' })
  sendAll(@CurrentAuth() auth: Authenticated): Promise<{ sent: number; failed: number }> {
    return this.fixRepliesService.sendAll(auth.person);
  }

  @Get('settings/feedback')
  @ApiOperation({ summary: 'Whether fix replies go out without a person (off by default)' })
  settings(): Promise<FeedbackSettingsDto> {
    return this.fixRepliesService.settings();
  }

  @Put('settings/feedback')
  @AdminOnly()
  @ApiOperation({ summary: 'Automatic sending of fix replies (off by default) and which trackers customers may see (admins)' })
  @ApiJsonBody(feedbackSettingsRequestSchema)
  @ApiErrors(400, 403)
  putSettings(@Body() body: unknown, @CurrentAuth() auth: Authenticated, @Req() request: Request): Promise<FeedbackSettingsDto> {
    return this.fixRepliesService.putSettings(validate(feedbackSettingsRequestSchema, body), auth.person, request.ip ?? null);
  }
}
