import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module.js';
import { MailboxesModule } from '../mailboxes/mailboxes.module.js';
import { OutboxRepository } from './outbox.repository.js';
import { OutboxWorker } from './outbox.worker.js';
import { RepliesController } from './replies.controller.js';
import { RepliesService } from './replies.service.js';

@Module({
  imports: [ConversationsModule, MailboxesModule],
  controllers: [RepliesController],
  providers: [OutboxRepository, RepliesService, OutboxWorker],
  exports: [RepliesService, OutboxWorker],
})
export class RepliesModule {}
