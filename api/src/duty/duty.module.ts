import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CalendarFeedsController } from './calendar-feeds.controller.js';
import { CalendarFeedsService } from './calendar-feeds.service.js';
import { DutyHandoffScheduler } from './duty-handoff.scheduler.js';
import { DutyController } from './duty.controller.js';
import { DutyService } from './duty.service.js';
import { RotationRepository } from './rotation.repository.js';
import { SwapRequestsService } from './swap-requests.service.js';

@Module({
  imports: [AuditModule],
  controllers: [DutyController, CalendarFeedsController],
  providers: [RotationRepository, DutyService, DutyHandoffScheduler, SwapRequestsService, CalendarFeedsService],
  exports: [DutyService],
})
export class DutyModule {}
