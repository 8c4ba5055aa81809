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
import { MailboxCredentialsService } from './mailbox-credentials.service.js';
import { MailboxOAuthRepository } from './mailbox-oauth.repository.js';
import { MailSettingsLookupService } from './mail-settings-lookup.service.js';
import { MailSettingsController } from './mail-settings.controller.js';
import { OAuthController } from './oauth.controller.js';
import { OAuthClientsService } from './oauth-clients.service.js';
import { OAuthConnectService } from './oauth-connect.service.js';
import { OAuthTokenClient } from './oauth-token.client.js';
import { loadSecretKey, SecretBox } from './secret-box.js';

@Module({
  imports: [AuditModule, IngestModule],
  controllers: [MailboxesController, OAuthController, MailSettingsController],
  providers: [
    { provide: SecretBox, useFactory: async (config: Config) => new SecretBox(await loadSecretKey(config.secretKey, config.dataDir)), inject: [CONFIG] },
    MailboxRepository,
    MailboxesService,
    MailboxFetchService,
    MailboxSyncService,
    MailboxIdleWatcher,
    MailboxOAuthRepository,
    OAuthTokenClient,
    OAuthClientsService,
    MailboxCredentialsService,
    OAuthConnectService,
    MailSettingsLookupService,
  ],
  exports: [MailboxCredentialsService, MailboxesService, MailboxFetchService, MailboxSyncService, MailboxRepository, SecretBox],
})
export class MailboxesModule {}
