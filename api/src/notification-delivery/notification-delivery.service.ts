import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { settlesWithin } from '../common/settles-within.js';
import { CONFIG, type Config } from '../config/config.js';
import { LiveEvents } from '../database/live-events.js';
import { TransactionRunner } from '../database/transaction.js';
import { SYSTEM_MAIL, type SystemMail } from '../mail/system-mail.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { NotificationDeliveryRepository } from './notification-delivery.repository.js';
import { pushBody, renderNotificationEmail } from './notification-email.js';
import { UnsubscribeTokens } from './unsubscribe-token.js';
import type { VapidKeys } from './vapid-keys.js';
import { type PushOutcome, sendPush, validPushKeys } from './web-push-sender.js';

export const VAPID_KEYS = Symbol('VAPID_KEYS');

/** A push older than this is not worth showing any more (also its TTL at the push service). */
const PUSH_TTL_SECONDS = 3_600;
const STOP_WAIT_MS = 1_000;

export interface DeliveryRun {
  pushed: number;
  emailed: number;
}

/**
 * Delivers notification rows beyond the centre: Web Push at once to every subscribed device of the
 * recipient, and email in batches (at most one per person per 5 minutes). Both queues are claimed in the
 * database, so several API processes never send one twice.
 */
@Injectable()
export class NotificationDeliveryService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(NotificationDeliveryService.name);
  private running: Promise<DeliveryRun> | null = null;
  private stopped = false;
  private unsubscribe: (() => void) | null = null;
  private warnedNoServer = false;

  constructor(
    private readonly transactions: TransactionRunner,
    private readonly deliveries: NotificationDeliveryRepository,
    @Inject(SYSTEM_MAIL) private readonly systemMail: SystemMail,
    private readonly notifications: NotificationsService,
    private readonly tokens: UnsubscribeTokens,
    private readonly live: LiveEvents,
    private readonly clock: Clock,
    private readonly scheduler: SchedulerRegistry,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(VAPID_KEYS) private readonly vapid: VapidKeys,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.backgroundJobs) return;
    this.scheduler.addInterval('notification-delivery', setInterval(() => void this.tick(), 5_000));
    this.unsubscribe = this.live.subscribe((event) => {
      if (event.type === 'notification') void this.tick();
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.running) await settlesWithin(this.running.catch(() => undefined), STOP_WAIT_MS);
  }

  get publicKey(): string {
    return this.vapid.publicKey;
  }

  private get baseUrl(): string {
    return (this.config.publicUrl ?? `http://${this.config.host}:${this.config.port}`).replace(/\/+$/, '');
  }

  /** VAPID's contact: the public https address, else the system mail address. */
  private get subject(): string {
    if (this.config.publicUrl?.startsWith('https://')) return this.config.publicUrl;
    const address = /<([^>]+)>/.exec(this.config.mailFrom)?.[1] ?? this.config.mailFrom.trim();
    return `mailto:${address}`;
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.runOnce();
    } catch (error) {
      if (!this.stopped) this.logger.error(`Notification delivery failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Pushes what waits and emails the batches that are due; concurrent calls in one process share the run. */
  runOnce(now?: Date): Promise<DeliveryRun> {
    if (!this.running) {
      this.running = (async () => ({ pushed: await this.pushPending(), emailed: await this.emailDue(now ?? this.clock.now()) }))().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  // ----- Web Push

  async subscribe(personId: string, input: { endpoint: string; keys: { p256dh: string; auth: string } }, userAgent: string): Promise<void> {
    let endpoint: URL;
    try {
      endpoint = new URL(input.endpoint);
    } catch {
      throw new AppError('validation_failed', 'The push endpoint is not a URL.', { endpoint: ['Not a URL'] });
    }
    if (endpoint.protocol !== 'https:' && !(endpoint.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(endpoint.hostname))) {
      throw new AppError('validation_failed', 'A push endpoint must be an https URL.', { endpoint: ['Not https'] });
    }
    if (!validPushKeys(input.keys.p256dh, input.keys.auth)) {
      throw new AppError('validation_failed', 'The subscription keys are not a P-256 public key and a 16-byte auth secret.', { keys: ['Invalid keys'] });
    }
    await this.deliveries.saveSubscription({ personId, endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth, userAgent: userAgent.slice(0, 300) });
  }

  async unsubscribeDevice(personId: string, endpoint: string): Promise<void> {
    await this.deliveries.deleteSubscription(personId, endpoint);
  }

  /** The test button: a push to each of your devices now; says how many took it. */
  async testPush(personId: string): Promise<{ devices: number; delivered: number }> {
    const subscriptions = await this.deliveries.subscriptionsOf([personId]);
    let delivered = 0;
    for (const subscription of subscriptions) {
      const outcome = await this.pushTo(subscription, { title: 'Wholegrain test notification', body: 'Push notifications work on this device.', url: '/profile', tag: 'test' });
      if (outcome === 'sent') delivered += 1;
    }
    return { devices: subscriptions.length, delivered };
  }

  private async pushTo(subscription: { id: string; endpoint: string; p256dh: string; auth: string }, payload: { title: string; body: string; url: string; tag: string }): Promise<PushOutcome> {
    const { outcome, status } = await sendPush(subscription, payload, { vapid: this.vapid, subject: this.subject, ttlSeconds: PUSH_TTL_SECONDS });
    if (outcome === 'gone') await this.deliveries.deleteSubscriptionById(subscription.id);
    else if (outcome === 'sent') await this.deliveries.markPushed(subscription.id, this.clock.now());
    else this.logger.warn(`A push service refused a notification (${status ?? 'no answer'}); it is not retried`);
    return outcome;
  }

  private async pushPending(): Promise<number> {
    let pushed = 0;
    for (;;) {
      const items = await this.deliveries.claimPush(100);
      if (items.length === 0) return pushed;
      const subscriptions = await this.deliveries.subscriptionsOf([...new Set(items.map((item) => item.personId))]);
      const fresh = this.clock.now().getTime() - PUSH_TTL_SECONDS * 1000;
      for (const item of items) {
        if (item.createdAt.getTime() < fresh) continue;
        for (const subscription of subscriptions.filter((candidate) => candidate.personId === item.personId)) {
          if ((await this.pushTo(subscription, { title: item.title, body: pushBody(item.body), url: item.url, tag: item.id })) === 'sent') pushed += 1;
        }
      }
      if (this.stopped) return pushed;
    }
  }

  // ----- Email

  private async emailDue(now: Date): Promise<number> {
    let emailed = 0;
    for (const personId of await this.deliveries.dueEmailRecipients(now, 50)) {
      if (this.stopped) break;
      if (await this.emailBatch(personId, now)) emailed += 1;
    }
    return emailed;
  }

  /** One person's batch: claimed, sent and recorded in one transaction (a crash before the commit sends it again). */
  private async emailBatch(personId: string, now: Date): Promise<boolean> {
    const repository = this.deliveries;
    await repository.ensureEmailState(personId);
    return this.transactions.run(async (tx) => {
      const batch = await repository.claimEmailBatch(personId, now, tx);
      if (!batch) return false;
      const worth = batch.person.active ? batch.items.filter((item) => !item.seen) : [];
      if (worth.length === 0) {
        await repository.finishEmailBatch(personId, batch.items.map((item) => item.id), [], now, tx);
        return false;
      }
      const email = renderNotificationEmail({
        name: batch.person.name,
        items: worth,
        baseUrl: this.baseUrl,
        unsubscribeUrl: (kinds) => `${this.baseUrl}/api/notification-emails/unsubscribe/${this.tokens.sign(personId, kinds)}`,
      });
      const result = await this.systemMail.deliver({ to: { name: batch.person.name, address: batch.person.email }, ...email });
      if (!result.sent && !result.noServer) {
        this.logger.warn(`A notification email could not be sent (${result.error}); trying again in 5 minutes`);
        await repository.postponeEmail(personId, now, tx);
        return false;
      }
      if (!result.sent && !this.warnedNoServer) {
        this.warnedNoServer = true;
        this.logger.warn('Notification emails are not sent: no SMTP_URL is set and no mailbox has SMTP settings (Settings says so too)');
      }
      await repository.finishEmailBatch(personId, batch.items.map((item) => item.id), result.sent ? worth.map((item) => item.id) : [], now, tx);
      return result.sent;
    });
  }

  /** The one-click unsubscribe: turns email off for the token's kinds; false for a token we did not sign. */
  async unsubscribeEmail(token: string): Promise<{ kinds: string[] } | null> {
    const claim = this.tokens.verify(token);
    if (!claim) return null;
    try {
      await this.notifications.setPreferences(claim.personId, Object.fromEntries(claim.kinds.map((kind) => [kind, { email: false }])));
    } catch {
      return null;
    }
    return { kinds: claim.kinds };
  }
}
