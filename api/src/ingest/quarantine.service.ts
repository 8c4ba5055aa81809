import { Injectable } from '@nestjs/common';
import { AppError } from '../common/app-error.js';
import { isBigintId } from '../common/ids.js';
import type { QuarantinedMessageDto, SyncResultDto } from '../mailboxes/mailboxes.types.js';
import { IngestService } from './ingest.service.js';
import { RawMessageRepository } from '../mailboxes/raw-message.repository.js';

/** The first value of a header in raw bytes (unfolded, undecoded), to recognise a message that did not parse. */
export function rawHeader(head: Buffer, name: string): string | null {
  const text = head.toString('latin1');
  const headerEnd = text.search(/\r?\n\r?\n/);
  const headers = (headerEnd === -1 ? text : text.slice(0, headerEnd)).replace(/\r?\n[ \t]+/g, ' ');
  const match = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(headers);
  return match?.[1]?.trim() || null;
}

@Injectable()
export class QuarantineService {
  constructor(
    private readonly rawMessages: RawMessageRepository,
    private readonly ingest: IngestService,
  ) {}

  async list(): Promise<QuarantinedMessageDto[]> {
    return (await this.rawMessages.listQuarantined(500)).map((row) => ({
      id: row.id,
      mailboxId: row.mailboxId,
      folder: row.folder,
      uid: row.uid,
      size: row.size,
      fetchedAt: row.fetchedAt.toISOString(),
      reason: row.reason,
      attempts: row.attempts,
      from: rawHeader(row.head, 'From'),
      subject: rawHeader(row.head, 'Subject'),
    }));
  }

  /** Processes the message again (after a fix, or a raised size limit). */
  async retry(id: string): Promise<SyncResultDto> {
    const raw = isBigintId(id) ? await this.rawMessages.findById(id) : null;
    if (!raw || raw.state !== 'quarantined') throw new AppError('not_found', 'No such quarantined message.');
    await this.rawMessages.requeue(id);
    const counts = await this.ingest.processPending({ id: raw.mailboxId }, 1, undefined, id);
    return { fetched: 0, ...counts };
  }

  forceNewConversation(id: string): Promise<{ conversationId: string }> {
    if (!isBigintId(id)) throw new AppError('not_found', 'No such quarantined message.');
    return this.ingest.forceIntoNewConversation(id);
  }

  async raw(id: string): Promise<Buffer> {
    const raw = isBigintId(id) ? await this.rawMessages.findById(id) : null;
    if (!raw) throw new AppError('not_found', 'No such raw message.');
    return raw.bytes;
  }
}
