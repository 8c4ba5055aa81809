import { Module } from '@nestjs/common';
import { DutyModule } from '../duty/duty.module.js';
import { MailboxesModule } from '../mailboxes/mailboxes.module.js';
import { IngestRepository } from './ingest.repository.js';
import { IngestService } from './ingest.service.js';
import { NewTextRunController } from './new-text-run.controller.js';
import { NewTextRunRepository } from './new-text-run.repository.js';
import { NewTextRunService } from './new-text-run.service.js';
import { QuarantineController } from './quarantine.controller.js';
import { QuarantineService } from './quarantine.service.js';

/** Raw mail (stored by sync in mailboxes/) → messages in conversations, routed through duty/. */
@Module({
  imports: [MailboxesModule, DutyModule],
  controllers: [QuarantineController, NewTextRunController],
  providers: [IngestService, IngestRepository, QuarantineService, NewTextRunRepository, NewTextRunService],
  exports: [IngestService],
})
export class IngestModule {}
