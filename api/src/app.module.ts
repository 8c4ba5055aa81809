import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { AuditModule } from './audit/audit.module.js';
import { AppExceptionFilter } from './common/app-exception.filter.js';
import { Clock, SystemClock } from './common/clock.js';
import { loadSecretKey, SecretBox } from './common/secret-box.js';
import { CONFIG, type Config } from './config/config.js';
import { CustomersModule } from './customers/customers.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DutyModule } from './duty/duty.module.js';
import { DigestModule } from './digest/digest.module.js';
import { entities } from './entities.js';
import { FeedbackModule } from './feedback/feedback.module.js';
import { HealthModule } from './health/health.module.js';
import { LiveModule } from './live/live.module.js';
import { InvitationsModule } from './invitations/invitations.module.js';
import { MailboxesModule } from './mailboxes/mailboxes.module.js';
import { SystemMailModule } from './mailboxes/system-mail.service.js';
import { NotificationDeliveryModule } from './notification-delivery/notification-delivery.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { PeopleModule } from './people/people.module.js';
import { ProfileModule } from './profile/profile.module.js';
import { RepliesModule } from './replies/replies.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { SyncModule } from './sync/sync.module.js';

export interface AppModuleOptions {
  config: Config;
  databaseUrl: string;
  clock?: Clock;
}

@Global()
@Module({})
class CoreModule {
  static register(options: AppModuleOptions): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: CONFIG, useValue: options.config },
        { provide: Clock, useValue: options.clock ?? new SystemClock() },
        // Mailbox passwords and webhook secrets are sealed with one key, shared by every feature that keeps a secret.
        { provide: SecretBox, useFactory: async (config: Config) => new SecretBox(await loadSecretKey(config.secretKey, config.dataDir)), inject: [CONFIG] },
      ],
      exports: [CONFIG, Clock, SecretBox],
    };
  }
}

@Module({})
export class AppModule {
  static register(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.register(options),
        DatabaseModule.register(options.databaseUrl, entities),
        ScheduleModule.forRoot(),
        AuditModule,
        NotificationsModule,
        PeopleModule,
        MailboxesModule,
        SystemMailModule,
        SyncModule,
        DutyModule,
        HealthModule,
        LiveModule,
        RepliesModule,
        FeedbackModule,
        DigestModule,
        ReportsModule,
        CustomersModule,
        InvitationsModule,
        ProfileModule,
        NotificationDeliveryModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: AppExceptionFilter }],
    };
  }
}
