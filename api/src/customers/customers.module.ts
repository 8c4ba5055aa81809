import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { ConversationsModule } from '../conversations/conversations.module.js';
import { FeedbackModule } from '../feedback/feedback.module.js';
import { CustomersController } from './customers.controller.js';
import { CustomersRepository } from './customers.repository.js';
import { CustomersService } from './customers.service.js';

/** The customer beside the conversation: their other conversations, pinned quotes and the team's shared note. */
@Module({
  imports: [AuditModule, ConversationsModule, FeedbackModule],
  controllers: [CustomersController],
  providers: [CustomersRepository, CustomersService],
})
export class CustomersModule {}
