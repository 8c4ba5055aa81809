import { Module } from '@nestjs/common';
import { DutyModule } from '../duty/duty.module.js';
import { RepliesModule } from '../replies/replies.module.js';
import { FeedbackController } from './feedback.controller.js';
import { FeedbackRepository } from './feedback.repository.js';
import { FeedbackService } from './feedback.service.js';
import { WebhooksController } from './webhooks.controller.js';

@Module({
  imports: [DutyModule, RepliesModule],
  controllers: [FeedbackController, WebhooksController],
  providers: [FeedbackRepository, FeedbackService],
  exports: [FeedbackService],
})
export class FeedbackModule {}
