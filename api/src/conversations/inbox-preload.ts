import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SignInPreload } from '../people/sign-in-preload.js';
import type { InboxPreloadDto } from './conversations.types.js';
import { ConversationsService, type ListQuery } from './conversations.service.js';

/** The list's parameters a sign-in may ask for (the first page: no cursor). */
const LIST_PARAMETERS = ['status', 'mailbox', 'assignee', 'limit', 'q'] as const;

/**
 * The inbox answers with the sign-in (SignInPreload): the conversation list the first page shows,
 * exactly as `GET /api/conversations` with the same parameters would, and the view counts, read
 * side by side while the session is written.
 */
@Injectable()
export class InboxPreload implements OnModuleInit {
  constructor(
    private readonly preloads: SignInPreload,
    private readonly conversations: ConversationsService,
  ) {}

  onModuleInit(): void {
    this.preloads.provide((personId, ask) => this.load(personId, ask));
  }

  async load(personId: string, ask: string): Promise<{ [key: string]: unknown } & InboxPreloadDto> {
    const parameters = new URLSearchParams(ask);
    const query: ListQuery = {};
    for (const name of LIST_PARAMETERS) {
      const value = parameters.get(name);
      if (value !== null) query[name] = value;
    }
    const [list, counts] = await Promise.all([this.conversations.list(query, personId), this.conversations.counts(personId)]);
    return { list, counts };
  }
}
