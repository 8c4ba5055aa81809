import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiErrors, ApiJsonBody } from '../common/openapi.js';
import { validate } from '../common/validate.js';
import { type AccountSessionDto, changePasswordRequestSchema, type SignedOutDto } from './account.contract.js';
import { AccountService } from './account.service.js';
import { CurrentAuth } from './auth.decorators.js';
import type { Authenticated } from './session.service.js';

@ApiTags('account')
@Controller('account')
export class AccountController {
  constructor(private readonly account: AccountService) {}

  @Post('password')
  @HttpCode(200)
  @ApiOperation({ summary: 'Change your password (current password required); ends every other session' })
  @ApiJsonBody(changePasswordRequestSchema)
  @ApiErrors(400, 429)
  changePassword(@Body() body: unknown, @CurrentAuth() auth: Authenticated, @Req() request: Request): Promise<SignedOutDto> {
    return this.account.changePassword(auth, validate(changePasswordRequestSchema, body), request.ip ?? null);
  }

  @Get('sessions')
  @ApiOperation({ summary: 'Where you are signed in: browser, address, last seen' })
  sessions(@CurrentAuth() auth: Authenticated): Promise<AccountSessionDto[]> {
    return this.account.listSessions(auth);
  }

  @Delete('sessions/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign one of your sessions out' })
  @ApiErrors(404)
  endSession(@Param('id') id: string, @CurrentAuth() auth: Authenticated, @Req() request: Request): Promise<void> {
    return this.account.endSession(auth, id, request.ip ?? null);
  }

  @Post('sessions/sign-out-others')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign out everywhere else' })
  endOthers(@CurrentAuth() auth: Authenticated, @Req() request: Request): Promise<SignedOutDto> {
    return this.account.endOtherSessions(auth, request.ip ?? null);
  }
}
