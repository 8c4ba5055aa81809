import { Body, Controller, Get, Inject, Patch, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiErrors, ApiJsonBody } from '../common/openapi.js';
import { validate } from '../common/validate.js';
import { CONFIG, type Config } from '../config/config.js';
import { clientOf, CurrentAuth } from '../people/auth.decorators.js';
import { setupRequestSchema, undoSendSeconds } from '../people/people.contract.js';
import { PeopleService, toPersonDto } from '../people/people.service.js';
import type { PersonDto } from '../people/people.types.js';
import type { Authenticated } from '../people/session.service.js';
import type { UndoSendSettingDto } from './profile.types.js';

/** What everyone may change about themselves; access, role and email stay with admins. */
const profileSchema = setupRequestSchema
  .pick({ name: true, timeZone: true })
  .extend({ undoSendSeconds: undoSendSeconds.nullable() })
  .partial()
  .strict();

@ApiTags('profile')
@Controller('me')
export class ProfileController {
  constructor(
    private readonly people: PeopleService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Get('undo-send')
  @ApiOperation({ summary: 'How long your replies wait before they are sent: your own choice (null: the team default) and the team default (UNDO_SEND_SECONDS)' })
  undoSend(@CurrentAuth() auth: Authenticated): UndoSendSettingDto {
    const own = auth.person.undoSendSeconds ?? null;
    return { own, teamDefault: this.config.undoSendSeconds, seconds: own ?? this.config.undoSendSeconds };
  }

  @Patch()
  @ApiOperation({ summary: 'Change your own name, time zone or undo-send time (your signature: PUT /api/people/me/signature)' })
  @ApiJsonBody(profileSchema)
  @ApiErrors(400)
  async update(@Body() body: unknown, @Req() request: Request, @CurrentAuth() auth: Authenticated): Promise<PersonDto> {
    const input = validate(profileSchema, body);
    return toPersonDto(await this.people.update(auth.person.id, input, auth.person, clientOf(request).ip));
  }
}
