import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ConversationsModule } from '../conversations/conversations.module.js';
import { DutyModule } from '../duty/duty.module.js';
import { RepliesModule } from '../replies/replies.module.js';
import { ConversationFeedbackService } from './conversation-feedback.service.js';
import { FixRepliesRepository } from './fix-replies.repository.js';
import { FixRepliesService } from './fix-replies.service.js';
import { IssuesController } from './issues.controller.js';
import { IssuesRepository } from './issues.repository.js';
import { IssuesService } from './issues.service.js';
import { MemberActions } from './member-actions.js';
import { QuotesController } from './quotes.controller.js';
import { QuotesRepository } from './quotes.repository.js';
import { QuotesService } from './quotes.service.js';
import { ThemesController } from './themes.controller.js';
import { ThemesRepository } from './themes.repository.js';
import { ThemesService } from './themes.service.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksRepository } from './webhooks.repository.js';
import { WebhooksService } from './webhooks.service.js';

/** Quotes, themes, issue links with their fix replies, and tracker webhooks: each concern its own service and repository. */
@Module({
  imports: [AuditModule, ConversationsModule, DutyModule, RepliesModule],
  controllers: [QuotesController, ThemesController, IssuesController, WebhooksController],
  providers: [
    QuotesRepository,
    ThemesRepository,
    IssuesRepository,
    FixRepliesRepository,
    WebhooksRepository,
    MemberActions,
    QuotesService,
    ThemesService,
    IssuesService,
    FixRepliesService,
    WebhooksService,
    ConversationFeedbackService,
  ],
  exports: [QuotesRepository],
})
export class FeedbackModule {}
