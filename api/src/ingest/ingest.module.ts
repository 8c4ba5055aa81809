import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module.js';
import { IngestService } from './ingest.service.js';
import { RawMessageRepository } from './raw-message.repository.js';

@Module({
  imports: [ConversationsModule],
  providers: [IngestService, RawMessageRepository],
  exports: [IngestService, RawMessageRepository],
})
export class IngestModule {}
