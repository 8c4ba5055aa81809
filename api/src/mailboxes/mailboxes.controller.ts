import { Body, Controller, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiErrors, ApiJsonBody } from '../common/openapi.js';
import { validate } from '../common/validate.js';
import { AdminOnly, CurrentAuth } from '../people/auth.decorators.js';
import type { Authenticated } from '../people/session.service.js';
import { createMailboxRequestSchema, testConnectionRequestSchema, updateMailboxRequestSchema } from './mailboxes.contract.js';
import { MailboxesService } from './mailboxes.service.js';
import type { ConnectionCheckResultDto, MailboxDto } from './mailboxes.types.js';

@ApiTags('mailboxes')
@Controller('mailboxes')
export class MailboxesController {
  constructor(private readonly mailboxes: MailboxesService) {}

  @Get()
  @ApiOperation({ summary: 'Mailboxes with their sync status (never their passwords)' })
  list(): Promise<MailboxDto[]> {
    return this.mailboxes.list();
  }

  @Get(':id')
  @ApiErrors(404)
  async get(@Param('id') id: string): Promise<MailboxDto> {
    return this.mailboxes.dto(await this.mailboxes.get(id));
  }

  @Post()
  @AdminOnly()
  @ApiOperation({ summary: 'Connect a mailbox (IMAP to read, SMTP to answer); passwords are encrypted at rest' })
  @ApiJsonBody(createMailboxRequestSchema)
  @ApiErrors(400, 403)
  async create(@Body() body: unknown, @CurrentAuth() auth: Authenticated, @Req() request: Request): Promise<MailboxDto> {
    const mailbox = await this.mailboxes.create(validate(createMailboxRequestSchema, body), auth.person, request.ip ?? null);
    return this.mailboxes.dto(mailbox);
  }

  @Patch(':id')
  @AdminOnly()
  @ApiOperation({ summary: 'Change a mailbox; new IMAP credentials restart a mailbox that needed them' })
  @ApiJsonBody(updateMailboxRequestSchema)
  @ApiErrors(400, 403, 404)
  async update(@Param('id') id: string, @Body() body: unknown, @CurrentAuth() auth: Authenticated, @Req() request: Request): Promise<MailboxDto> {
    const mailbox = await this.mailboxes.update(id, validate(updateMailboxRequestSchema, body), auth.person, request.ip ?? null);
    return this.mailboxes.dto(mailbox);
  }

  @Post('test-connection')
  @AdminOnly()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in to the IMAP and SMTP servers with settings not saved yet' })
  @ApiJsonBody(testConnectionRequestSchema)
  @ApiErrors(400, 429)
  testSettings(@Body() body: unknown, @CurrentAuth() auth: Authenticated): Promise<ConnectionCheckResultDto> {
    return this.mailboxes.testSettings(validate(testConnectionRequestSchema, body), auth.person.id);
  }

  @Post(':id/test-connection')
  @AdminOnly()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in to the IMAP and SMTP servers of a saved mailbox' })
  @ApiErrors(400, 404, 429)
  testSaved(@Param('id') id: string, @CurrentAuth() auth: Authenticated): Promise<ConnectionCheckResultDto> {
    return this.mailboxes.testSaved(id, auth.person.id);
  }
}
