import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { validate } from '../common/validate.js';
import { AdminOnly } from '../people/auth.decorators.js';
import { MailSettingsLookupService } from './mail-settings-lookup.service.js';
import type { MailSettingsGuessDto } from './mailboxes.types.js';

const lookupQuerySchema = z.object({ address: z.string().trim().toLowerCase().pipe(z.email({ message: 'Enter a valid email address' })) });

@ApiTags('mailboxes')
@Controller('mail-settings')
export class MailSettingsController {
  constructor(private readonly lookup: MailSettingsLookupService) {}

  @Get('lookup')
  @AdminOnly()
  @ApiOperation({ summary: 'Well-known IMAP/SMTP settings for an address (built-in table, then autoconfig); null when none' })
  async find(@Query() query: unknown): Promise<{ settings: MailSettingsGuessDto | null }> {
    return { settings: await this.lookup.lookup(validate(lookupQuerySchema, query).address) };
  }
}
