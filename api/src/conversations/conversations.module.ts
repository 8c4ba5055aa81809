import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { PeopleModule } from '../people/people.module.js';
import { ConversationActionsRepository } from './conversation-actions.repository.js';
import { ConversationActionsService } from './conversation-actions.service.js';
import { ConversationMergeController } from './conversation-merge.controller.js';
import { ConversationMergeRepository } from './conversation-merge.repository.js';
import { ConversationMergeService } from './conversation-merge.service.js';
import { ConversationQueryRepository } from './conversation-query.repository.js';
import { ConversationSearchRepository } from './conversation-search.repository.js';
import { ConversationsController } from './conversations.controller.js';
import { ConversationsService } from './conversations.service.js';
import { InboxPreload } from './inbox-preload.js';
import { ReadStateRepository } from './read-state.repository.js';
import { SnoozeScheduler } from './snooze.scheduler.js';

@Module({
  imports: [AuditModule, PeopleModule],
  controllers: [ConversationsController, ConversationMergeController],
  providers: [ConversationMergeRepository, ConversationMergeService, ReadStateRepository, ConversationQueryRepository, ConversationSearchRepository, ConversationsService, ConversationActionsRepository, ConversationActionsService, SnoozeScheduler, InboxPreload],
  exports: [ConversationsService, ConversationActionsService],
})
export class ConversationsModule {}
