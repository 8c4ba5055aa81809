import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { CalendarFeedsController } from './calendar-feeds.controller.js';
import { CalendarFeedsService } from './calendar-feeds.service.js';
import { DutyHandoffScheduler } from './duty-handoff.scheduler.js';
import { DutyRemindersService } from './duty-reminders.service.js';
import { DutyController } from './duty.controller.js';
import { DutyPlanCache } from './duty-plan-cache.js';
import { NoticesController } from './notices.controller.js';
import { DutyService } from './duty.service.js';
import { RotationRepository } from './rotation.repository.js';
import { SwapRequestsService } from './swap-requests.service.js';

@Module({
  imports: [AuditModule],
  controllers: [DutyController, CalendarFeedsController, NoticesController],
  providers: [RotationRepository, DutyPlanCache, DutyService, DutyHandoffScheduler, SwapRequestsService, CalendarFeedsService, DutyRemindersService],
  exports: [DutyService],
})
export class DutyModule {}
