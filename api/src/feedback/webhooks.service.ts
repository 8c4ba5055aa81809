import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { SecretBox } from '../common/secret-box.js';
import { CONFIG, type Config } from '../config/config.js';
import { TransactionRunner } from '../database/transaction.js';
import type { Person } from '../people/person.entity.js';
import type { WebhookSecretDto } from './feedback.types.js';
import { FixRepliesService } from './fix-replies.service.js';
import { IssuesRepository } from './issues.repository.js';
import { IssuesService } from './issues.service.js';
import { deliveryId, interpretDelivery, signatureProblem, type WebhookPayload, type WebhookTracker } from './webhooks.js';
import { WebhooksRepository } from './webhooks.repository.js';

/** Signed deliveries from issue trackers: verified, deduplicated, applied to the linked issues. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly webhooks: WebhooksRepository,
    private readonly issueLinks: IssuesRepository,
    private readonly issues: IssuesService,
    private readonly fixReplies: FixRepliesService,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Creates or replaces a tracker's secret (shown once); the audit log records who and when, never the secret. */
  async createWebhookSecret(tracker: WebhookTracker, actor: Person, ip: string | null): Promise<WebhookSecretDto> {
    const secret = randomBytes(24).toString('base64url');
    await this.transactions.run(async (tx) => {
      const replaced = await this.webhooks.setWebhookSecret(tracker, this.secrets.seal(secret, `webhook:${tracker}`), tx);
      await this.audit.record({ actorId: actor.id, action: replaced ? 'webhook.secret_replaced' : 'webhook.secret_created', targetType: 'webhook', targetId: tracker, ip }, tx);
    });
    const base = this.config.publicUrl ?? `http://${this.config.host}:${this.config.port}`;
    return { tracker, secret, url: `${base.replace(/\/$/, '')}/api/webhooks/${tracker}` };
  }

  /**
   * A tracker's delivery: verified, deduplicated (by delivery id and by the signed body), applied to
   * each linked issue only when newer than the last change applied to it. Bad or missing signatures
   * change nothing. `stale`: every linked issue already had a newer change.
   */
  async receiveWebhook(
    tracker: WebhookTracker,
    headers: Record<string, string | undefined>,
    rawBody: Buffer | undefined,
  ): Promise<{ status: 'applied' | 'ignored' | 'duplicate' | 'stale'; changed: number }> {
    const sealed = await this.webhooks.webhookSecret(tracker);
    if (!sealed) throw new AppError('unauthenticated', `No ${tracker} webhook secret is set up in Wholegrain.`);
    if (!rawBody) throw new AppError('validation_failed', 'Send the delivery as application/json.');
    const problem = signatureProblem(tracker, this.secrets.open(sealed, `webhook:${tracker}`), headers, rawBody, this.clock.now());
    if (problem) throw new AppError('unauthenticated', problem);
    let payload: WebhookPayload;
    try {
      const parsed: unknown = JSON.parse(rawBody.toString('utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      payload = parsed as WebhookPayload;
    } catch {
      throw new AppError('validation_failed', 'The delivery is not a JSON object.');
    }
    const delivery = deliveryId(tracker, headers, payload);
    if (!delivery) throw new AppError('validation_failed', 'The delivery has no id, so a replay could not be recognised.');
    const event = tracker === 'github' ? headers['x-github-event'] : tracker === 'gitlab' ? headers['x-gitlab-event'] : undefined;
    const outcome = await this.transactions.run(async (tx) => {
      const bodyHash = createHash('sha256').update(rawBody).digest();
      if (!(await this.webhooks.recordDelivery(tracker, delivery, bodyHash, tx))) return { status: 'duplicate' as const, changed: 0, drafted: [] as string[] };
      const change = interpretDelivery(tracker, event, payload);
      if (!change) return { status: 'ignored' as const, changed: 0, drafted: [] as string[] };
      const drafted: string[] = [];
      let changed = 0;
      let stale = 0;
      const issueIds = await this.issueLinks.issueIdsByUrl(change.urls, tx);
      for (const issueId of issueIds) {
        const applied = await this.issues.applyState(issueId, change.state, undefined, tx, { byTracker: true, trackerTime: change.occurredAt });
        if (applied?.changed) changed += 1;
        if (applied?.stale) stale += 1;
        drafted.push(...(applied?.drafted ?? []));
      }
      return { status: issueIds.length > 0 && stale === issueIds.length ? ('stale' as const) : ('applied' as const), changed, drafted };
    });
    await this.fixReplies.autoSend(outcome.drafted);
    return { status: outcome.status, changed: outcome.changed };
  }
}
