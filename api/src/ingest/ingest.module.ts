import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module.js';
import { DutyModule } from '../duty/duty.module.js';
import { IngestService } from './ingest.service.js';
import { QuarantineController } from './quarantine.controller.js';
import { QuarantineService } from './quarantine.service.js';
import { RawMessageRepository } from './raw-message.repository.js';

@Module({
  imports: [ConversationsModule, DutyModule],
  controllers: [QuarantineController],
  providers: [IngestService, RawMessageRepository, QuarantineService],
  exports: [IngestService, RawMessageRepository],
})
export class IngestModule {}
