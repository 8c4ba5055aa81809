import { Module } from '@nestjs/common';
import { DutyModule } from '../duty/duty.module.js';
import { MailboxesModule } from '../mailboxes/mailboxes.module.js';
import { IngestRepository } from './ingest.repository.js';
import { IngestService } from './ingest.service.js';
import { QuarantineController } from './quarantine.controller.js';
import { QuarantineService } from './quarantine.service.js';

/** Raw mail (stored by sync in mailboxes/) → messages in conversations, routed through duty/. */
@Module({
  imports: [MailboxesModule, DutyModule],
  controllers: [QuarantineController],
  providers: [IngestService, IngestRepository, QuarantineService],
  exports: [IngestService],
})
export class IngestModule {}
