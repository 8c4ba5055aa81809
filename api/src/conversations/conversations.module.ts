import { Module } from '@nestjs/common';
import { ConversationActionsRepository } from './conversation-actions.repository.js';
import { ConversationActionsService } from './conversation-actions.service.js';
import { ConversationQueryRepository } from './conversation-query.repository.js';
import { ConversationSearchRepository } from './conversation-search.repository.js';
import { ConversationsController } from './conversations.controller.js';
import { ConversationsService } from './conversations.service.js';
import { ReadStateRepository } from './read-state.repository.js';
import { SnoozeScheduler } from './snooze.scheduler.js';

@Module({
  controllers: [ConversationsController],
  providers: [ReadStateRepository, ConversationQueryRepository, ConversationSearchRepository, ConversationsService, ConversationActionsRepository, ConversationActionsService, SnoozeScheduler],
  exports: [ConversationsService, ConversationActionsService],
})
export class ConversationsModule {}
