import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module.js';
import { MailboxesModule } from '../mailboxes/mailboxes.module.js';
import { OutboxRepository } from './outbox.repository.js';
import { OutboxWorker } from './outbox.worker.js';
import { RepliesController } from './replies.controller.js';
import { RepliesService } from './replies.service.js';
import { ReplyUploadRepository } from './reply-upload.repository.js';
import { ReplyUploadsController } from './reply-uploads.controller.js';

@Module({
  imports: [ConversationsModule, MailboxesModule],
  controllers: [RepliesController, ReplyUploadsController],
  providers: [OutboxRepository, ReplyUploadRepository, RepliesService, OutboxWorker],
  exports: [RepliesService, OutboxWorker],
})
export class RepliesModule {}
