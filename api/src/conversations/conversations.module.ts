import { Module } from '@nestjs/common';
import { ConversationQueryRepository } from './conversation-query.repository.js';
import { ConversationRepository } from './conversation.repository.js';
import { ConversationsController } from './conversations.controller.js';
import { ConversationsService } from './conversations.service.js';

@Module({
  controllers: [ConversationsController],
  providers: [ConversationRepository, ConversationQueryRepository, ConversationsService],
  exports: [ConversationRepository],
})
export class ConversationsModule {}
