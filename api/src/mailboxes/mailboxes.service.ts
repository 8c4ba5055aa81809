import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { z } from 'zod';
import { AuditService } from '../audit/audit.service.js';
import { TransactionRunner } from '../database/transaction.js';
import type { Person } from '../people/person.entity.js';
import type { createMailboxRequestSchema } from './mailboxes.contract.js';
import type { Mailbox } from './mailbox.entity.js';
import { MailboxRepository } from './mailbox.repository.js';
import { SecretBox } from './secret-box.js';

type CreateInput = z.output<typeof createMailboxRequestSchema>;

@Injectable()
export class MailboxesService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly mailboxes: MailboxRepository,
    private readonly secrets: SecretBox,
    private readonly audit: AuditService,
  ) {}

  async create(input: CreateInput, actor: Person, ip: string | null): Promise<Mailbox> {
    // The id is the associated data of the encrypted passwords, so it exists before the row does.
    const id = randomUUID();
    return this.transactions.run(async (tx) => {
      const mailbox = await this.mailboxes.insert(
        {
          id,
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
  }

  get(id: string): Promise<Mailbox | null> {
    return this.mailboxes.findById(id);
  }

  list(): Promise<Mailbox[]> {
    return this.mailboxes.list();
  }
}
