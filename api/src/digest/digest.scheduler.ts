import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CONFIG, type Config } from '../config/config.js';
import { DigestService } from './digest.service.js';

/** Checks every minute for digests due (and retries); at boot too, so a digest missed while down goes out at once. */
@Injectable()
export class DigestScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DigestScheduler.name);
  private stopped = false;
  private running = false;

  constructor(
    private readonly digests: DigestService,
    private readonly scheduler: SchedulerRegistry,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.backgroundJobs) return;
    this.scheduler.addInterval('digest', setInterval(() => void this.tick(), 60_000));
    setTimeout(() => void this.tick(), 5_000).unref();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
  }

  private async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    try {
      const outcome = await this.digests.runDue();
      if (outcome.sent || outcome.failed) this.logger.log(`Digests: ${outcome.sent} sent, ${outcome.failed} failed`);
    } catch (error) {
      if (!this.stopped) this.logger.error(`Digest run failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.running = false;
    }
  }
}
