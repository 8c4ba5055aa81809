import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiErrors, ApiJsonBody } from '../common/openapi.js';
import { validate } from '../common/validate.js';
import { CONFIG, type Config } from '../config/config.js';
import { clientOf, Public } from './auth.decorators.js';
import { type SessionDto, type SetupStatusDto, setupRequestSchema } from './people.contract.js';
import { PeopleService, toPersonDto } from './people.service.js';
import { writeSessionCookie } from './session-cookie.js';
import { SessionService } from './session.service.js';

@ApiTags('setup')
@Controller('setup')
@Public()
export class SetupController {
  constructor(
    private readonly people: PeopleService,
    private readonly sessions: SessionService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Whether first-run setup is still needed (nobody exists yet)' })
  async status(): Promise<SetupStatusDto> {
    return { needsSetup: await this.people.needsSetup() };
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create the first admin and sign them in; only while nobody exists' })
  @ApiJsonBody(setupRequestSchema)
  @ApiErrors(400, 409)
  async setup(@Body() body: unknown, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<SessionDto> {
    const input = validate(setupRequestSchema, body);
    const client = clientOf(request);
    const person = await this.people.setup(input, client.ip);
    const { token, session } = await this.sessions.create(person, client);
    writeSessionCookie(response, request, this.config, token);
    return { person: toPersonDto(person), csrfToken: session.csrfToken };
  }
}
