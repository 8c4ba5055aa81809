import { Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import { isBigintId, isUuid } from '../common/ids.js';
import { ConversationsService } from '../conversations/conversations.service.js';
import { AuditService } from '../audit/audit.service.js';
import { TransactionRunner } from '../database/transaction.js';
import { companyOf } from '../feedback/fix-reply-text.js';
import { QuotesRepository } from '../feedback/quotes.repository.js';
import { toQuoteDto } from '../feedback/quotes.service.js';
import type { Person } from '../people/person.entity.js';
import type { CustomerDto, CustomerNoteDto } from './customers.types.js';
import { type CustomerRow, CustomersRepository } from './customers.repository.js';

const OTHER_CONVERSATIONS = 20;

function toNoteDto(row: CustomerRow): CustomerNoteDto {
  return {
    text: row.note,
    version: row.noteVersion,
    updatedAt: row.noteUpdatedAt ? new Date(row.noteUpdatedAt).toISOString() : null,
    updatedBy: row.noteUpdatedById && row.noteUpdatedByName ? { id: row.noteUpdatedById, name: row.noteUpdatedByName } : null,
  };
}

/** The customer beside a conversation, and the note about them the team shares. */
@Injectable()
export class CustomersService {
  constructor(
    private readonly customers: CustomersRepository,
    private readonly quotes: QuotesRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly conversations: ConversationsService,
  ) {}

  async forConversation(conversationId: string): Promise<CustomerDto> {
    const customer = isBigintId(conversationId) ? await this.customers.byConversation(conversationId) : null;
    // Not there: the conversation endpoint's 404 (one merged away says where it went, `mergedInto`).
    if (!customer) throw await this.conversations.notFound(conversationId);
    const [others, quotes] = await Promise.all([
      this.customers.otherConversations(customer.id, conversationId, OTHER_CONVERSATIONS + 1),
      this.quotes.quotes({ contactId: customer.id }),
    ]);
    return {
      contact: { id: customer.id, name: customer.name, email: customer.email },
      company: companyOf(customer.email),
      conversations: others.slice(0, OTHER_CONVERSATIONS).map((row) => ({
        id: row.id,
        number: Number(row.id),
        subject: row.subject,
        status: row.status,
        lastMessageAt: new Date(row.lastMessageAt).toISOString(),
      })),
      more: others.length > OTHER_CONVERSATIONS,
      quotes: quotes.map(toQuoteDto),
      note: toNoteDto(customer),
    };
  }

  /** Saves the shared note over the version the person edited; a newer note is never overwritten unseen. */
  async saveNote(contactId: string, input: { text: string; version: number }, actor: Person, ip: string | null): Promise<CustomerNoteDto> {
    if (!isUuid(contactId)) throw new AppError('not_found', 'No such customer.');
    const text = input.text.replace(/\s+$/, '');
    return this.transactions.run(async (tx) => {
      const current = await this.customers.byId(contactId, tx);
      if (!current) throw new AppError('not_found', 'No such customer.');
      if (current.note === text && current.noteVersion === input.version) return toNoteDto(current);
      if (!(await this.customers.saveNote(contactId, text, input.version, actor.id, tx))) {
        const by = current.noteUpdatedByName ? ` by ${current.noteUpdatedByName}` : '';
        throw new AppError('conflict', `The note was changed${by} while you were editing. Copy your text, reload the note and add it again.`, {
          version: [`Current version is ${current.noteVersion}`],
        });
      }
      await this.audit.record({ actorId: actor.id, action: 'contact.note_updated', targetType: 'contact', targetId: contactId, ip, details: { characters: text.length } }, tx);
      return toNoteDto((await this.customers.byId(contactId, tx))!);
    });
  }
}
