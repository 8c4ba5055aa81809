import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CONFIG, type Config } from '../config/config.js';
import { RawMessageRepository } from '../ingest/raw-message.repository.js';
import { MailboxFetchService } from './mailbox-fetch.service.js';
import { MailboxRepository } from './mailbox.repository.js';
import { MailboxesService } from './mailboxes.service.js';
import { loadSecretKey, SecretBox } from './secret-box.js';

@Module({
  imports: [AuditModule],
  providers: [
    { provide: SecretBox, useFactory: async (config: Config) => new SecretBox(await loadSecretKey(config.secretKey, config.dataDir)), inject: [CONFIG] },
    MailboxRepository,
    RawMessageRepository,
    MailboxesService,
    MailboxFetchService,
  ],
  exports: [MailboxesService, MailboxFetchService, MailboxRepository],
})
export class MailboxesModule {}
