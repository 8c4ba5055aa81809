import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import { isUuid } from '../common/ids.js';
import { TransactionRunner } from '../database/transaction.js';
import type { Person } from '../people/person.entity.js';
import type { SmtpSettings } from '../mail/smtp-transport.js';
import { ConnectionTestService } from './connection-test.service.js';
import type { createMailboxRequestSchema, testConnectionRequestSchema, updateMailboxRequestSchema } from './mailboxes.contract.js';
import type { ConnectionCheckResultDto, MailboxDto } from './mailboxes.types.js';
import type { AfterReply, FromNameStyle, Mailbox } from './mailbox.entity.js';
import { MailboxRepository } from './mailbox.repository.js';
import { MailboxChanges } from './mailbox-changes.js';
import { SecretBox } from '../common/secret-box.js';
import { MailboxCredentialsService } from './mailbox-credentials.service.js';

type CreateInput = z.output<typeof createMailboxRequestSchema>;
type UpdateInput = z.output<typeof updateMailboxRequestSchema>;
type TestInput = z.output<typeof testConnectionRequestSchema>;

export function toMailboxDto(mailbox: Mailbox, quarantined = 0): MailboxDto {
  return {
    id: mailbox.id,
    name: mailbox.name,
    address: mailbox.address,
    oauthProvider: mailbox.authKind === 'password' ? null : mailbox.authKind,
    imap: { host: mailbox.imapHost, port: mailbox.imapPort, tls: mailbox.imapTls, user: mailbox.imapUser },
    smtp: { host: mailbox.smtpHost, port: mailbox.smtpPort, tls: mailbox.smtpTls, user: mailbox.smtpUser },
    folders: mailbox.folders,
    allowSelfSigned: mailbox.allowSelfSigned,
    pollIntervalSeconds: mailbox.pollIntervalSeconds,
    afterReply: mailbox.afterReply,
    fromName: mailbox.fromName,
    sync: {
      stage: mailbox.syncStage,
      startedAt: mailbox.syncStartedAt?.toISOString() ?? null,
      nextSyncAt: mailbox.nextSyncAt.toISOString(),
      lastSuccessAt: mailbox.lastSuccessAt?.toISOString() ?? null,
      lastError: mailbox.lastError,
      failureCount: mailbox.failureCount,
      progress: mailbox.syncProgress,
    },
    quarantined,
  };
}

@Injectable()
export class MailboxesService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly mailboxes: MailboxRepository,
    private readonly secrets: SecretBox,
    private readonly audit: AuditService,
    private readonly changes: MailboxChanges,
    private readonly credentials: MailboxCredentialsService,
    private readonly connectionTests: ConnectionTestService,
  ) {}

  async create(input: CreateInput, actor: Person, ip: string | null): Promise<Mailbox> {
    // The id is the associated data of the encrypted passwords, so it exists before the row does.
    const id = randomUUID();
    const created = await this.transactions.run(async (tx) => {
      const mailbox = await this.mailboxes.insert(
        {
          id,
          authKind: 'password',
          name: input.name,
          address: input.address,
          imapHost: input.imap.host,
          imapPort: input.imap.port,
          imapTls: input.imap.tls,
          imapUser: input.imap.user,
          imapPasswordEnc: this.secrets.seal(input.imap.password, id),
          smtpHost: input.smtp.host,
          smtpPort: input.smtp.port,
          smtpTls: input.smtp.tls,
          smtpUser: input.smtp.user,
          smtpPasswordEnc: this.secrets.seal(input.smtp.password, id),
          allowSelfSigned: input.allowSelfSigned,
          folders: input.folders,
          pollIntervalSeconds: input.pollIntervalSeconds,
          afterReply: input.afterReply ?? 'pending',
          fromName: input.fromName ?? 'both',
        },
        tx,
      );
      await this.audit.record(
        {
          actorId: actor.id,
          action: 'mailbox.created',
          targetType: 'mailbox',
          targetId: id,
          ip,
          details: { address: input.address, imapHost: input.imap.host, smtpHost: input.smtp.host, allowSelfSigned: input.allowSelfSigned },
        },
        tx,
      );
      return mailbox;
    });
    this.changes.announce();
    return created;
  }

  async update(id: string, input: UpdateInput, actor: Person, ip: string | null): Promise<Mailbox> {
    const mailbox = await this.get(id);
    const changed: string[] = [];
    const set = <K extends keyof Mailbox>(field: K, value: Mailbox[K] | undefined, label: string = field) => {
      if (value === undefined || JSON.stringify(value) === JSON.stringify(mailbox[field])) return;
      mailbox[field] = value;
      changed.push(label);
    };
    set('name', input.name);
    set('address', input.address);
    set('folders', input.folders);
    set('allowSelfSigned', input.allowSelfSigned);
    set('pollIntervalSeconds', input.pollIntervalSeconds);
    set('afterReply', input.afterReply);
    set('fromName', input.fromName);
    set('imapHost', input.imap?.host, 'imap.host');
    set('imapPort', input.imap?.port, 'imap.port');
    set('imapTls', input.imap?.tls, 'imap.tls');
    set('imapUser', input.imap?.user, 'imap.user');
    set('smtpHost', input.smtp?.host, 'smtp.host');
    set('smtpPort', input.smtp?.port, 'smtp.port');
    set('smtpTls', input.smtp?.tls, 'smtp.tls');
    set('smtpUser', input.smtp?.user, 'smtp.user');
    if (input.imap?.password !== undefined) {
      mailbox.imapPasswordEnc = this.secrets.seal(input.imap.password, id);
      changed.push('imap.password');
    }
    if (input.smtp?.password !== undefined) {
      mailbox.smtpPasswordEnc = this.secrets.seal(input.smtp.password, id);
      changed.push('smtp.password');
    }
    if (changed.length === 0) return mailbox;
    // New IMAP settings: a mailbox waiting for credentials (or backing off) tries again now.
    if (changed.some((field) => field.startsWith('imap.')) && mailbox.syncStage !== 'running') {
      mailbox.syncStage = 'idle';
      mailbox.nextSyncAt = new Date();
      mailbox.failureCount = 0;
    }
    const saved = await this.transactions.run(async (tx) => {
      const result = await this.mailboxes.save(mailbox, tx);
      await this.audit.record({ actorId: actor.id, action: 'mailbox.updated', targetType: 'mailbox', targetId: id, ip, details: { changed, allowSelfSigned: mailbox.allowSelfSigned } }, tx);
      return result;
    });
    this.changes.announce();
    return saved;
  }

  async get(id: string): Promise<Mailbox> {
    const mailbox = isUuid(id) ? await this.mailboxes.findById(id) : null;
    if (!mailbox) throw new AppError('not_found', 'No such mailbox.');
    return mailbox;
  }

  async list(): Promise<MailboxDto[]> {
    const [mailboxes, quarantined] = await Promise.all([this.mailboxes.list(), this.mailboxes.quarantinedCounts()]);
    return mailboxes.map((mailbox) => toMailboxDto(mailbox, quarantined.get(mailbox.id) ?? 0));
  }

  async dto(mailbox: Mailbox): Promise<MailboxDto> {
    return toMailboxDto(mailbox, (await this.mailboxes.quarantinedCounts()).get(mailbox.id) ?? 0);
  }

  /** Test connection with settings not saved yet. */
  testSettings(input: TestInput, personId: string): Promise<ConnectionCheckResultDto> {
    return this.connectionTests.check(personId, { ...input.imap, allowSelfSigned: input.allowSelfSigned }, { ...input.smtp, allowSelfSigned: input.allowSelfSigned }, input.folders);
  }

  /** Where replies from this mailbox go out: its SMTP server (password or OAuth token, resolved here only), its address, and where a conversation goes after a reply. */
  async outgoing(id: string): Promise<{ smtp: SmtpSettings; address: string; name: string; afterReply: AfterReply; fromName: FromNameStyle }> {
    const mailbox = await this.get(id);
    return { address: mailbox.address, name: mailbox.name, smtp: await this.credentials.smtpSettings(mailbox), afterReply: mailbox.afterReply, fromName: mailbox.fromName };
  }

  /** Test connection with a saved mailbox's settings. */
  async testSaved(id: string, personId: string): Promise<ConnectionCheckResultDto> {
    const mailbox = await this.get(id);
    try {
      return await this.connectionTests.check(personId, await this.credentials.imapSettings(mailbox), await this.credentials.smtpSettings(mailbox), mailbox.folders);
    } catch (error) {
      // No token to test with (the authorization is gone): both sides say so.
      const message = error instanceof Error ? error.message : String(error);
      return { imap: { ok: false, error: message }, smtp: { ok: false, error: message } };
    }
  }
}
