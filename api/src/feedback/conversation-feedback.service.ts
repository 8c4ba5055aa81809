import { Injectable } from '@nestjs/common';
import { ConversationsService } from '../conversations/conversations.service.js';
import type { ConversationFeedbackDto, ThemeSuggestionDto } from './feedback.types.js';
import { IssuesRepository } from './issues.repository.js';
import { toIssueDto } from './issues.service.js';
import { QuotesRepository } from './quotes.repository.js';
import { toQuoteDto } from './quotes.service.js';
import { ThemesRepository } from './themes.repository.js';

/** The sentence around `index`: from the previous sentence end (or line break) to the next. */
function sentenceAround(text: string, from: number, to: number, index: number, length: number): { start: number; end: number } {
  let start = index;
  while (start > from && !/[.!?\n]/.test(text[start - 1] ?? '')) start -= 1;
  let end = index + length;
  while (end < to && !/[.!?\n]/.test(text[end] ?? '')) end += 1;
  if (end < to && /[.!?]/.test(text[end] ?? '')) end += 1;
  while (start < end && /\s/.test(text[start] ?? '')) start += 1;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end -= 1;
  return { start, end };
}

/** The inbox's side panel: a conversation's quotes, themes, linked issues, and theme suggestions from phrases. */
@Injectable()
export class ConversationFeedbackService {
  constructor(
    private readonly quotes: QuotesRepository,
    private readonly issues: IssuesRepository,
    private readonly themes: ThemesRepository,
    private readonly conversations: ConversationsService,
  ) {}

  async forConversation(conversationId: string): Promise<ConversationFeedbackDto> {
    // Not there: the conversation endpoint's 404 (one merged away says where it went, `mergedInto`).
    await this.conversations.ensureExists(conversationId);
    const [quotes, issues, phrased, messages] = await Promise.all([
      this.quotes.quotes({ conversationId }),
      this.issues.issues({ conversationId }),
      this.themes.themesWithPhrases(),
      this.quotes.customerMessages(conversationId),
    ]);
    const themes = new Map(quotes.flatMap((quote) => quote.themes).map((theme) => [theme.id, theme]));
    const suggestions: ThemeSuggestionDto[] = [];
    for (const theme of phrased) {
      if (themes.has(theme.id)) continue;
      found: for (const message of messages) {
        const words = message.text.slice(message.newTextStart, message.newTextEnd).toLowerCase();
        for (const phrase of theme.phrases) {
          const at = words.indexOf(phrase.toLowerCase());
          if (at === -1) continue;
          const span = sentenceAround(message.text, message.newTextStart, message.newTextEnd, message.newTextStart + at, phrase.length);
          suggestions.push({ theme: { id: theme.id, name: theme.name }, phrase, messageId: message.id, ...span, text: message.text.slice(span.start, span.end) });
          break found;
        }
      }
    }
    return { quotes: quotes.map(toQuoteDto), themes: [...themes.values()], issues: issues.map(toIssueDto), suggestions };
  }
}
