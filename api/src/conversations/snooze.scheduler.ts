import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CONFIG, type Config } from '../config/config.js';
import { ConversationActionsService } from './conversation-actions.service.js';

/** Wakes snoozed conversations when their time comes (checked every 30 seconds). */
@Injectable()
export class SnoozeScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SnoozeScheduler.name);
  private stopped = false;

  constructor(
    private readonly actions: ConversationActionsService,
    private readonly scheduler: SchedulerRegistry,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.backgroundJobs) return;
    this.scheduler.addInterval('snooze', setInterval(() => void this.tick(), 30_000));
  }

  onApplicationShutdown(): void {
    this.stopped = true;
  }

  private async tick(): Promise<void> {
    try {
      const woken = await this.actions.wakeSnoozed();
      if (woken > 0) this.logger.log(`${woken} snoozed conversation(s) reopened`);
    } catch (error) {
      if (!this.stopped) this.logger.error(`Snooze check failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
