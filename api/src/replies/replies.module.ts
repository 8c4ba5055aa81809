import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module.js';
import { MailboxesModule } from '../mailboxes/mailboxes.module.js';
import { ForwardsService } from './forwards.service.js';
import { HeldConversationRepository } from './held-conversation.repository.js';
import { NewConversationService } from './new-conversation.service.js';
import { OutboundController } from './outbound.controller.js';
import { OutboundRepository } from './outbound.repository.js';
import { OutboxRepository } from './outbox.repository.js';
import { OutboxWorker } from './outbox.worker.js';
import { RepliesController } from './replies.controller.js';
import { RepliesService } from './replies.service.js';
import { ReplyUploadRepository } from './reply-upload.repository.js';
import { ReplyUploadsController } from './reply-uploads.controller.js';
import { SavedRepliesController } from './saved-replies.controller.js';
import { SavedRepliesRepository } from './saved-replies.repository.js';
import { SavedRepliesService } from './saved-replies.service.js';
import { UndoSendController } from './undo-send.controller.js';
import { UndoSendRepository } from './undo-send.repository.js';
import { UndoSendService } from './undo-send.service.js';

@Module({
  imports: [ConversationsModule, MailboxesModule],
  controllers: [RepliesController, ReplyUploadsController, OutboundController, UndoSendController, SavedRepliesController],
  providers: [OutboxRepository, ReplyUploadRepository, RepliesService, OutboxWorker, OutboundRepository, ForwardsService, NewConversationService, HeldConversationRepository, UndoSendRepository, UndoSendService, SavedRepliesRepository, SavedRepliesService],
  exports: [RepliesService, OutboxWorker],
})
export class RepliesModule {}
