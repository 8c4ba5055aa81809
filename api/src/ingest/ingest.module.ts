import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module.js';
import { DutyModule } from '../duty/duty.module.js';
import { IngestService } from './ingest.service.js';
import { NewTextRunController } from './new-text-run.controller.js';
import { NewTextRunRepository } from './new-text-run.repository.js';
import { NewTextRunService } from './new-text-run.service.js';
import { QuarantineController } from './quarantine.controller.js';
import { QuarantineService } from './quarantine.service.js';
import { RawMessageRepository } from './raw-message.repository.js';

@Module({
  imports: [ConversationsModule, DutyModule],
  controllers: [QuarantineController, NewTextRunController],
  providers: [IngestService, RawMessageRepository, QuarantineService, NewTextRunRepository, NewTextRunService],
  exports: [IngestService, RawMessageRepository],
})
export class IngestModule {}
