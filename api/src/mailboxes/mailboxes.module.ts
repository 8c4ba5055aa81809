import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { MailboxChanges } from './mailbox-changes.js';
import { MailboxRepository } from './mailbox.repository.js';
import { MailboxesController } from './mailboxes.controller.js';
import { MailboxesService } from './mailboxes.service.js';
import { RawMessageRepository } from './raw-message.repository.js';

/** Mailbox settings (secrets sealed at rest), their sync state, and the raw mail store. */
@Module({
  imports: [AuditModule],
  controllers: [MailboxesController],
  providers: [MailboxRepository, MailboxesService, MailboxChanges, RawMessageRepository],
  exports: [MailboxesService, MailboxRepository, MailboxChanges, RawMessageRepository],
})
export class MailboxesModule {}
