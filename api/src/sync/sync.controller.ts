import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/openapi.js';
import { MailboxesService } from '../mailboxes/mailboxes.service.js';
import type { SyncResultDto } from '../mailboxes/mailboxes.types.js';
import { MailboxSyncService } from './mailbox-sync.service.js';

@ApiTags('mailboxes')
@Controller('mailboxes')
export class SyncController {
  constructor(
    private readonly mailboxes: MailboxesService,
    private readonly sync: MailboxSyncService,
  ) {}

  @Post(':id/sync')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sync now: fetch new mail and process it; returns the counts' })
  @ApiErrors(404, 409, 502)
  async syncNow(@Param('id') id: string): Promise<SyncResultDto> {
    await this.mailboxes.get(id);
    return this.sync.syncNow(id);
  }
}
