import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiErrors, ApiJsonBody } from '../common/openapi.js';
import { validate } from '../common/validate.js';
import { passwordResetConfirmSchema, passwordResetRequestSchema, type ResetLinkDto } from './account.contract.js';
import { AdminOnly, CurrentAuth, Public } from './auth.decorators.js';
import { PasswordResetService } from './password-reset.service.js';
import type { Authenticated } from './session.service.js';

const SENT = 'If that address belongs to someone here, a reset link is on its way. It works once, for 30 minutes.';

@ApiTags('password reset')
@Controller()
export class PasswordResetController {
  constructor(private readonly resets: PasswordResetService) {}

  @Post('password-reset')
  @Public()
  @HttpCode(202)
  @ApiOperation({ summary: 'Email a single-use reset link (same answer whether the address exists or not)' })
  @ApiJsonBody(passwordResetRequestSchema)
  @ApiErrors(400)
  async request(@Body() body: unknown, @Req() request: Request): Promise<{ message: string }> {
    await this.resets.requestByEmail(validate(passwordResetRequestSchema, body).email, originOf(request));
    return { message: SENT };
  }

  @Post('password-reset/confirm')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'Choose a new password with a reset link; ends every session' })
  @ApiJsonBody(passwordResetConfirmSchema)
  @ApiErrors(400)
  async confirm(@Body() body: unknown, @Req() request: Request): Promise<void> {
    const input = validate(passwordResetConfirmSchema, body);
    await this.resets.confirm(input.token, input.newPassword, request.ip ?? null);
  }

  @Post('people/:id/reset-link')
  @AdminOnly()
  @HttpCode(201)
  @ApiOperation({ summary: 'Make a single-use reset link for someone (for when no SMTP is configured); audited' })
  @ApiErrors(403, 404, 409)
  adminLink(@Param('id') id: string, @CurrentAuth() auth: Authenticated, @Req() request: Request): Promise<ResetLinkDto> {
    return this.resets.adminLink(auth.person, id, originOf(request), request.ip ?? null);
  }
}

/** The address this request came to (its Host is on the allow-list), for links when PUBLIC_URL is unset. */
function originOf(request: Request): string {
  return `${request.protocol}://${request.get('host') ?? '127.0.0.1'}`;
}
