import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Clock } from '../common/clock.js';
import { CONFIG, type Config } from '../config/config.js';
import { DutyRemindersService } from './duty-reminders.service.js';
import { DutyService } from './duty.service.js';

/**
 * Runs handoffs when a rotation's duty day begins (its handoff time in its own zone), and the
 * reminders for the next working day; catches up on the next tick after downtime. Exactly once
 * across API processes: the day's handoff row and each notice's dedupe key are the claims.
 */
@Injectable()
export class DutyHandoffScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DutyHandoffScheduler.name);
  private running = false;
  private stopped = false;

  constructor(
    private readonly duty: DutyService,
    private readonly reminders: DutyRemindersService,
    private readonly clock: Clock,
    private readonly scheduler: SchedulerRegistry,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.backgroundJobs) return;
    this.scheduler.addInterval('duty-handoff', setInterval(() => void this.tick(), Math.max(this.config.syncTickMs, 1_000)));
  }

  onApplicationShutdown(): void {
    this.stopped = true;
  }

  async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      const now = this.clock.now();
      for (const handoff of await this.duty.runDueHandoffs(now)) {
        this.logger.log(`Handoff ${handoff.dutyDate} (rotation ${handoff.rotationId}): ${handoff.personId ? `${handoff.assigned} open conversation(s) assigned` : 'nobody on duty'}`);
      }
      const reminded = await this.reminders.runDueReminders(now);
      if (reminded > 0) this.logger.log(`Sent ${reminded} duty reminder(s)`);
    } catch (error) {
      // During shutdown the pool closes under a running tick: not worth an error.
      if (!this.stopped) this.logger.error(`Handoff tick failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.running = false;
    }
  }
}
