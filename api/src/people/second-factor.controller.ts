import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiErrors, ApiJsonBody } from '../common/openapi.js';
import { validate } from '../common/validate.js';
import { CONFIG, type Config } from '../config/config.js';
import { AdminOnly, CurrentAuth, EnrolmentOpen } from './auth.decorators.js';
import {
  addPasskeySchema,
  confirmPasswordSchema,
  type RecoveryCodesDto,
  type SecondFactorOverviewDto,
  type SignInPolicyDto,
  signInPolicySchema,
  type TotpEnrolmentDto,
  totpCodeSchema,
} from './second-factor.contract.js';
import { SecondFactorService } from './second-factor.service.js';
import { relyingParty } from './relying-party.js';
import type { Authenticated } from './session.service.js';
import type { PasskeyRegistrationOptions } from './webauthn.js';

/** Your own second factors: Settings → Two-factor sign-in. Open to a session that must enrol one. */
@ApiTags('account')
@Controller('account/second-factor')
@EnrolmentOpen()
export class SecondFactorController {
  constructor(
    private readonly factors: SecondFactorService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Your second factors: authenticator app, passkeys, recovery codes left' })
  overview(@CurrentAuth() auth: Authenticated): Promise<SecondFactorOverviewDto> {
    return this.factors.overview(auth);
  }

  @Post('totp')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start setting up an authenticator app: a new key and its QR code' })
  @ApiErrors(409)
  startTotp(@CurrentAuth() auth: Authenticated): Promise<TotpEnrolmentDto> {
    return this.factors.startTotp(auth);
  }

  @Post('totp/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm the authenticator app with a code it shows; the first second factor brings recovery codes' })
  @ApiJsonBody(totpCodeSchema)
  @ApiErrors(400, 409)
  confirmTotp(@Body() body: unknown, @CurrentAuth() auth: Authenticated, @Req() request: Request): Promise<RecoveryCodesDto> {
    return this.factors.confirmTotp(auth, validate(totpCodeSchema, body).code, request.ip ?? null);
  }

  @Delete('totp')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove your authenticator app (your password again; wrong tries are throttled like sign-in)' })
  @ApiJsonBody(confirmPasswordSchema)
  @ApiErrors(400, 404, 409, 429)
  removeTotp(@Body() body: unknown, @CurrentAuth() auth: Authenticated, @Req() request: Request): Promise<void> {
    return this.factors.removeTotp(auth, validate(confirmPasswordSchema, body).password, request.ip ?? null);
  }

  @Post('passkeys/options')
  @HttpCode(200)
  @ApiOperation({ summary: 'Options for adding a passkey (navigator.credentials.create)' })
  passkeyOptions(@CurrentAuth() auth: Authenticated, @Req() request: Request): Promise<PasskeyRegistrationOptions> {
    return this.factors.passkeyRegistrationOptions(auth, relyingParty(request, this.config));
  }

  @Post('passkeys')
  @HttpCode(200)
  @ApiOperation({ summary: "Add a passkey from the browser's answer" })
  @ApiJsonBody(addPasskeySchema)
  @ApiErrors(400, 409)
  addPasskey(@Body() body: unknown, @CurrentAuth() auth: Authenticated, @Req() request: Request): Promise<RecoveryCodesDto> {
    const input = validate(addPasskeySchema, body);
    return this.factors.addPasskey(auth, relyingParty(request, this.config), input.name, input.response, request.ip ?? null);
  }

  @Delete('passkeys/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove one of your passkeys (your password again; wrong tries are throttled like sign-in)' })
  @ApiJsonBody(confirmPasswordSchema)
  @ApiErrors(400, 404, 409, 429)
  removePasskey(@Param('id') id: string, @Body() body: unknown, @CurrentAuth() auth: Authenticated, @Req() request: Request): Promise<void> {
    return this.factors.removePasskey(auth, id, validate(confirmPasswordSchema, body).password, request.ip ?? null);
  }

  @Post('recovery-codes')
  @HttpCode(200)
  @ApiOperation({ summary: 'New recovery codes (shown once; your password again); the old ones stop working' })
  @ApiJsonBody(confirmPasswordSchema)
  @ApiErrors(400, 409, 429)
  async regenerate(@Body() body: unknown, @CurrentAuth() auth: Authenticated, @Req() request: Request): Promise<RecoveryCodesDto> {
    return { recoveryCodes: await this.factors.regenerateRecoveryCodes(auth, validate(confirmPasswordSchema, body).password, request.ip ?? null) };
  }
}

/** Whether everyone must use a second factor (admins set it). */
@ApiTags('people')
@Controller('sign-in-policy')
export class SignInPolicyController {
  constructor(private readonly factors: SecondFactorService) {}

  @Get()
  @EnrolmentOpen()
  @ApiOperation({ summary: 'Whether a second factor is required; admins also see who has one' })
  policy(@CurrentAuth() auth: Authenticated): Promise<SignInPolicyDto> {
    return this.factors.policy(auth);
  }

  @Put()
  @AdminOnly()
  @ApiOperation({ summary: 'Require a second factor from everyone, or stop requiring it (admins only)' })
  @ApiJsonBody(signInPolicySchema)
  @ApiErrors(400, 403, 409)
  setPolicy(@Body() body: unknown, @CurrentAuth() auth: Authenticated, @Req() request: Request): Promise<SignInPolicyDto> {
    return this.factors.setPolicy(auth, validate(signInPolicySchema, body).requireSecondFactor, request.ip ?? null);
  }
}

/** An admin's reset for someone who lost their second factor (audited). */
@ApiTags('people')
@Controller('people')
export class SecondFactorResetController {
  constructor(private readonly factors: SecondFactorService) {}

  @Post(':id/second-factor/reset')
  @HttpCode(204)
  @AdminOnly()
  @ApiOperation({ summary: "Remove someone's second factors and recovery codes, and sign them out everywhere (admins only)" })
  @ApiErrors(400, 403, 404)
  reset(@Param('id') id: string, @CurrentAuth() auth: Authenticated, @Req() request: Request): Promise<void> {
    return this.factors.resetFor(auth, id, request.ip ?? null);
  }
}
