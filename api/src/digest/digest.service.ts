import { Inject, Injectable, Logger } from '@nestjs/common';
import { dutyDateAt, latestDigestSlot, nextDigestSlot, previousDigestSlot } from '../../../rotation/src/index.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { isUuid } from '../common/ids.js';
import { CONFIG, type Config } from '../config/config.js';
import { firstAnswerEnd } from '../conversations/preview.js';
import { DutyService } from '../duty/duty.service.js';
import { companyOf, cutAtWord } from '../feedback/fix-reply-text.js';
import type { Person } from '../people/person.entity.js';
import { NO_SYSTEM_MAIL, NoSystemMailServer, SYSTEM_MAIL, type SystemMail } from '../mail/system-mail.js';
import { digestSubject, renderDigestHtml, renderDigestText } from './digest-render.js';
import type { DigestContentDto, DigestDto, DigestSubscriptionDto, DigestSummaryDto } from './digest.types.js';
import { DigestRepository, type DigestRow, type RecipientRow } from './digest.repository.js';

/** Longest piece of not-yet-pinned words shown whole; longer ones are cut at a word boundary with an ellipsis. */
const UNPINNED_MAX = 600;
const MAX_ATTEMPTS = 10;

/**
 * The founder digest: customers' raw words and counts for the period since the recipient's last
 * digest. Exactly once per recipient and period (the digest row is the claim); a failed send is
 * retried; a digest missed while the server was down goes out when it is back.
 */
@Injectable()
export class DigestService {
  private readonly logger = new Logger(DigestService.name);

  constructor(
    private readonly digests: DigestRepository,
    private readonly duty: DutyService,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
    @Inject(SYSTEM_MAIL) private readonly systemMail: SystemMail,
  ) {}

  private get baseUrl(): string {
    return (this.config.publicUrl ?? `http://${this.config.host}:${this.config.port}`).replace(/\/$/, '');
  }

  async build(periodStart: Date, periodEnd: Date): Promise<DigestContentDto> {
    const [quotes, unpinned, fixes, rotations] = await Promise.all([
      this.digests.themedQuotes(periodStart, periodEnd),
      this.digests.unpinned(periodStart, periodEnd),
      this.digests.fixes(periodStart, periodEnd),
      this.duty.dutyDaysBetween(periodStart, periodEnd),
    ]);
    const themes = new Map<string, { id: string; name: string; emails: Set<string>; quotes: DigestContentDto['themes'][number]['quotes'] }>();
    for (const row of quotes) {
      const key = row.themeId ?? '';
      let theme = themes.get(key);
      if (!theme) themes.set(key, (theme = { id: key, name: row.themeName ?? 'Not tagged with a theme yet', emails: new Set(), quotes: [] }));
      theme.emails.add(row.email);
      theme.quotes.push({
        quoteId: row.quoteId,
        text: row.text,
        messageId: row.messageId,
        start: row.start,
        end: row.end,
        customer: row.customer,
        company: companyOf(row.email),
        date: new Date(row.date).toISOString(),
        conversationId: row.conversationId,
      });
    }
    const orderedThemes = [...themes.values()]
      .sort((a, b) => (a.id === '' ? 1 : 0) - (b.id === '' ? 1 : 0) || b.emails.size - a.emails.size || a.name.localeCompare(b.name))
      .map((theme) => ({ id: theme.id, name: theme.name, customers: theme.emails.size, quotes: theme.quotes }));

    const rotation: DigestContentDto['rotation'] = [];
    for (const { rotation: entry, days } of rotations) {
      for (const day of days) {
        const person = day.primary;
        const pinned = person ? quotes.filter((row) => row.pinnedBy === person.personId && dutyDateAt(entry, new Date(row.pinnedAt)) === day.date).map((row) => row.text) : [];
        rotation.push({ date: day.date, rotation: entry.name, person: person?.name ?? null, pinned: [...new Set(pinned)] });
      }
    }

    return {
      periodStart: periodStart.toISOString(),
      periodEnd: periodEnd.toISOString(),
      themes: orderedThemes,
      unpinned: unpinned.map((row) => {
        // An interleaved reply shows its first answer, not the quoted lines between its answers.
        const words = row.text.slice(row.newTextStart, firstAnswerEnd(row.text, { start: row.newTextStart, end: row.newTextEnd })).trim();
        const text = cutAtWord(words, UNPINNED_MAX);
        return {
          messageId: row.messageId,
          conversationId: row.conversationId,
          customer: row.customer,
          company: companyOf(row.email),
          date: new Date(row.date).toISOString(),
          text,
          cut: text !== words,
        };
      }),
      fixes: fixes.map((row) => ({ issueId: row.issueId, title: row.title, url: row.url, fixedAt: new Date(row.fixedAt).toISOString(), customersTold: row.customersTold })),
      rotation,
    };
  }

  /** One scheduler tick: new digests for every recipient whose time has come, then retries. */
  async runDue(): Promise<{ sent: number; failed: number }> {
    const now = this.clock.now();
    const outcome = { sent: 0, failed: 0 };
    const recipients = await this.digests.recipients();
    for (const recipient of recipients) {
      const slot = latestDigestSlot(now, recipient.timeZone, recipient.frequency);
      if (recipient.lastPeriodEnd && recipient.lastPeriodEnd.getTime() >= slot.getTime()) continue;
      // A new recipient's first digest is the first digest time after they joined (or opted in).
      if (!recipient.lastPeriodEnd && slot.getTime() < recipient.since.getTime()) continue;
      const start = recipient.lastPeriodEnd ?? previousDigestSlot(slot, recipient.timeZone, recipient.frequency);
      const content = await this.build(start, slot);
      const subject = digestSubject(content);
      const row = await this.digests.claim({
        personId: recipient.personId,
        periodStart: start,
        periodEnd: slot,
        subject,
        text: renderDigestText(content, this.baseUrl),
        html: renderDigestHtml(content, this.baseUrl),
        content,
        now,
      });
      // Another process (or an earlier run) has this period: nothing to do here.
      if (!row) continue;
      outcome[(await this.deliver(row, recipient, 1)) ? 'sent' : 'failed'] += 1;
    }
    for (const row of await this.digests.claimRetries(now)) {
      const recipient = recipients.find((entry) => entry.personId === row.personId);
      if (!recipient) continue;
      outcome[(await this.deliver(row, recipient, row.attempts)) ? 'sent' : 'failed'] += 1;
    }
    return outcome;
  }

  private async deliver(row: DigestRow, recipient: RecipientRow, attempt: number): Promise<boolean> {
    const unsubscribe = `${this.baseUrl}/api/digests/unsubscribe/${await this.digests.unsubscribeToken(recipient.personId)}`;
    try {
      await this.systemMail.send({
        to: { name: recipient.name, address: recipient.email },
        subject: row.subject,
        text: `${row.text}\n--\nStop these digests: ${unsubscribe}\n`,
        html: row.html,
        headers: {
          // Automated mail (RFC 3834; Outlook's header), with one-click unsubscribe (RFC 8058).
          'Auto-Submitted': 'auto-generated',
          'X-Auto-Response-Suppress': 'All',
          'List-Unsubscribe': `<${unsubscribe}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        },
      });
      await this.digests.markSent(row.id, this.clock.now());
      return true;
    } catch (error) {
      if (error instanceof NoSystemMailServer) {
        await this.digests.markRetry(row.id, `${NO_SYSTEM_MAIL}: the digest is in the web archive only.`, this.clock.now(), true);
        return false;
      }
      const message = error instanceof Error ? error.message : String(error);
      const delay = Math.min(300_000 * 2 ** (attempt - 1), 6 * 3_600_000);
      this.logger.warn(`Digest ${row.id} to person ${recipient.personId} failed (attempt ${attempt}): ${message}`);
      await this.digests.markRetry(row.id, message, new Date(this.clock.now().getTime() + delay), attempt >= MAX_ATTEMPTS);
      return false;
    }
  }

  async archive(person: Person): Promise<DigestSummaryDto[]> {
    return (await this.digests.archive(person.id)).map(toSummary);
  }

  async one(id: string, person: Person): Promise<DigestDto> {
    const row = isUuid(id) ? await this.digests.one(id, person.id) : null;
    if (!row) throw new AppError('not_found', 'No such digest.');
    return { ...toSummary(row), content: row.content as DigestContentDto, text: row.text };
  }

  /** What the next digest would hold if it went out now. */
  async preview(person: Person): Promise<DigestDto> {
    const subscription = await this.digests.subscription(person.id);
    const now = this.clock.now();
    const start = subscription.lastPeriodEnd ?? previousDigestSlot(latestDigestSlot(now, subscription.timeZone, subscription.frequency), subscription.timeZone, subscription.frequency);
    const content = await this.build(start, now);
    return { id: 'preview', periodStart: content.periodStart, periodEnd: content.periodEnd, status: 'pending', subject: digestSubject(content), sentAt: null, content, text: renderDigestText(content, this.baseUrl) };
  }

  async subscription(person: Person): Promise<DigestSubscriptionDto> {
    const subscription = await this.digests.subscription(person.id);
    const now = this.clock.now();
    const next = nextDigestSlot(now, subscription.timeZone, subscription.frequency);
    return {
      enabled: subscription.enabled,
      frequency: subscription.frequency,
      timeZone: subscription.timeZone,
      nextAt: subscription.enabled ? next.toISOString() : null,
      canEmail: (await this.systemMail.route()).via !== 'none',
    };
  }

  async setSubscription(person: Person, input: { enabled: boolean; frequency: 'weekly' | 'daily' }): Promise<DigestSubscriptionDto> {
    await this.digests.setSubscription(person.id, input.enabled, input.frequency);
    return this.subscription(person);
  }

  async unsubscribe(token: string): Promise<boolean> {
    return this.digests.unsubscribe(token);
  }
}

function toSummary(row: DigestRow): DigestSummaryDto {
  return {
    id: row.id,
    periodStart: row.periodStart.toISOString(),
    periodEnd: row.periodEnd.toISOString(),
    status: row.status,
    subject: row.subject,
    sentAt: row.sentAt?.toISOString() ?? null,
  };
}
