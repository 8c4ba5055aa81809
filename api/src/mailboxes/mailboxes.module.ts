import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { MailboxChanges } from './mailbox-changes.js';
import { MailboxIdleLeaseRepository } from './mailbox-idle-lease.repository.js';
import { MailboxCredentialsService } from './mailbox-credentials.service.js';
import { MailboxOAuthRepository } from './mailbox-oauth.repository.js';
import { MailboxRepository } from './mailbox.repository.js';
import { MailboxesController } from './mailboxes.controller.js';
import { MailboxesService } from './mailboxes.service.js';
import { MailSettingsController } from './mail-settings.controller.js';
import { MailSettingsLookupService } from './mail-settings-lookup.service.js';
import { OAuthClientsService } from './oauth-clients.service.js';
import { OAuthConnectService } from './oauth-connect.service.js';
import { OAuthController } from './oauth.controller.js';
import { OAuthTokenClient } from './oauth-token.client.js';
import { RawMessageRepository } from './raw-message.repository.js';
import { ConnectionTestRepository } from './connection-test.repository.js';
import { ConnectionTestService } from './connection-test.service.js';

/** Mailbox settings (secrets sealed at rest), how to sign in to them (password or OAuth), their sync state, and the raw mail store. */
@Module({
  imports: [AuditModule],
  controllers: [MailboxesController, OAuthController, MailSettingsController],
  providers: [
    MailboxRepository,
    MailboxesService,
    MailboxChanges,
    MailboxIdleLeaseRepository,
    RawMessageRepository,
    MailboxOAuthRepository,
    OAuthTokenClient,
    OAuthClientsService,
    MailboxCredentialsService,
    OAuthConnectService,
    MailSettingsLookupService,
    ConnectionTestRepository,
    ConnectionTestService,
  ],
  exports: [MailboxesService, MailboxRepository, MailboxChanges, MailboxIdleLeaseRepository, RawMessageRepository, MailboxCredentialsService],
})
export class MailboxesModule {}
