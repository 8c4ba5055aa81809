import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CONFIG, type Config } from '../config/config.js';
import { IngestModule } from '../ingest/ingest.module.js';
import { MailboxFetchService } from './mailbox-fetch.service.js';
import { MailboxesController } from './mailboxes.controller.js';
import { MailboxIdleWatcher } from './mailbox-idle.watcher.js';
import { MailboxRepository } from './mailbox.repository.js';
import { MailboxSyncService } from './mailbox-sync.service.js';
import { MailboxesService } from './mailboxes.service.js';
import { loadSecretKey, SecretBox } from './secret-box.js';
import { ConnectionTestRepository } from './connection-test.repository.js';
import { ConnectionTestService } from './connection-test.service.js';

@Module({
  imports: [AuditModule, IngestModule],
  controllers: [MailboxesController],
  providers: [
    { provide: SecretBox, useFactory: async (config: Config) => new SecretBox(await loadSecretKey(config.secretKey, config.dataDir)), inject: [CONFIG] },
    MailboxRepository,
    MailboxesService,
    MailboxFetchService,
    MailboxSyncService,
    MailboxIdleWatcher,
    ConnectionTestRepository,
    ConnectionTestService,
  ],
  exports: [MailboxesService, MailboxFetchService, MailboxSyncService, MailboxRepository, SecretBox],
})
export class MailboxesModule {}
