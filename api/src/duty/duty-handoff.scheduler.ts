import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Clock } from '../common/clock.js';
import { CONFIG, type Config } from '../config/config.js';
import { DutyService } from './duty.service.js';

/**
 * Runs handoffs when a rotation's duty day begins (its handoff time in its own zone), and catches
 * up on the next tick after downtime. Exactly once across API processes: the day's handoff row is
 * the claim.
 */
@Injectable()
export class DutyHandoffScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DutyHandoffScheduler.name);
  private running = false;
  private stopped = false;

  constructor(
    private readonly duty: DutyService,
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
      for (const handoff of await this.duty.runDueHandoffs(this.clock.now())) {
        this.logger.log(`Handoff ${handoff.dutyDate} (rotation ${handoff.rotationId}): ${handoff.personId ? `${handoff.assigned} open conversation(s) assigned` : 'nobody on duty'}`);
      }
    } catch (error) {
      this.logger.error(`Handoff tick failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.running = false;
    }
  }
}
