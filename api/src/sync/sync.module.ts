import { Module } from '@nestjs/common';
import { IngestModule } from '../ingest/ingest.module.js';
import { MailboxesModule } from '../mailboxes/mailboxes.module.js';
import { MailboxFetchService } from './mailbox-fetch.service.js';
import { MailboxIdleWatcher } from './mailbox-idle.watcher.js';
import { MailboxSyncService } from './mailbox-sync.service.js';
import { SyncController } from './sync.controller.js';

/** The top of the mail path: sync runs fetch raw mail into mailboxes/ and hand it to ingest/. Nothing imports this. */
@Module({
  imports: [MailboxesModule, IngestModule],
  controllers: [SyncController],
  providers: [MailboxFetchService, MailboxSyncService, MailboxIdleWatcher],
  exports: [MailboxSyncService],
})
export class SyncModule {}
