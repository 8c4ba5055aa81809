import type { ConversationStatusDto } from './conversations.types.js';

/** A parsed inbox search: free words (matched in what customers wrote) and operators. */
export interface SearchQuery {
  /** Free words, for websearch_to_tsquery ("quoted phrases", -excluded, or). Empty: no word search. */
  words: string;
  from: string[];
  to: string[];
  subject: string[];
  status: ConversationStatusDto[];
  /** 'me', 'none' or a name/email fragment. */
  assignee: string | null;
  hasAttachment: boolean;
  /** Activity strictly before this instant / at or after this instant (UTC day boundaries). */
  before: Date | null;
  after: Date | null;
  /**
   * Whose words the free words are matched in: empty for the customers' (the default); `in:replies`
   * and `in:notes` search our own replies and internal notes instead, never mixed with theirs.
   */
  texts: TeamText[];
}

export type TeamText = 'replies' | 'notes';

export class SearchSyntaxError extends Error {}

const STATUSES: ConversationStatusDto[] = ['open', 'pending', 'snoozed', 'closed', 'spam', 'bulk'];
const OPERATORS = new Set(['from', 'to', 'subject', 'status', 'in', 'assignee', 'has', 'before', 'after']);
/** What `in:` takes: a status (the inbox views), whose conversations, or whose words. */
export const IN_VALUES = [...STATUSES, 'mine', 'unassigned', 'replies', 'notes'] as const;

/** Splits on spaces, keeping "quoted text" (also after an operator: subject:"two words") together. */
function tokens(input: string): string[] {
  const found: string[] = [];
  const pattern = /(?:[^\s"]+:)?"[^"]*"?|\S+/g;
  for (const match of input.matchAll(pattern)) found.push(match[0]);
  return found;
}

const unquote = (value: string) => value.replace(/^"|"$/g, '');

function day(value: string, operator: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!date || Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(match?.[3])) {
    throw new SearchSyntaxError(`${operator}: needs a date written YYYY-MM-DD, such as ${operator}:2026-11-01.`);
  }
  return date;
}

export function parseSearch(input: string): SearchQuery {
  const query: SearchQuery = { words: '', from: [], to: [], subject: [], status: [], assignee: null, hasAttachment: false, before: null, after: null, texts: [] };
  const words: string[] = [];
  for (const token of tokens(input.slice(0, 500))) {
    const colon = token.indexOf(':');
    const operator = colon > 0 ? token.slice(0, colon).toLowerCase() : '';
    if (!OPERATORS.has(operator)) {
      words.push(token);
      continue;
    }
    const value = unquote(token.slice(colon + 1)).trim();
    if (!value) throw new SearchSyntaxError(`${operator}: needs a value, such as ${operator}:${operator === 'has' ? 'attachment' : 'something'}.`);
    switch (operator) {
      case 'from':
      case 'to':
      case 'subject':
        query[operator].push(value);
        break;
      case 'status':
        for (const status of value.toLowerCase().split(',')) {
          if (!STATUSES.includes(status as ConversationStatusDto)) throw new SearchSyntaxError(`status: takes ${STATUSES.join(', ')}.`);
          query.status.push(status as ConversationStatusDto);
        }
        break;
      case 'in':
        for (const place of value.toLowerCase().split(',')) {
          if (STATUSES.includes(place as ConversationStatusDto)) query.status.push(place as ConversationStatusDto);
          else if (place === 'mine') query.assignee = 'me';
          else if (place === 'unassigned') query.assignee = 'none';
          else if (place === 'replies' || place === 'notes') {
            if (!query.texts.includes(place)) query.texts.push(place);
          } else throw new SearchSyntaxError(`in: takes ${IN_VALUES.join(', ')}.`);
        }
        break;
      case 'assignee':
        query.assignee = ['none', 'unassigned', 'nobody'].includes(value.toLowerCase()) ? 'none' : value.toLowerCase() === 'me' ? 'me' : value;
        break;
      case 'has':
        if (!/^attachments?$/i.test(value)) throw new SearchSyntaxError('has: takes attachment.');
        query.hasAttachment = true;
        break;
      case 'before':
        query.before = day(value, 'before');
        break;
      case 'after':
        query.after = day(value, 'after');
        break;
    }
  }
  query.words = words.join(' ');
  return query;
}

export function isEmptySearch(query: SearchQuery): boolean {
  return (
    !query.words &&
    query.from.length + query.to.length + query.subject.length + query.status.length === 0 &&
    !query.assignee &&
    !query.hasAttachment &&
    !query.before &&
    !query.after &&
    query.texts.length === 0
  );
}
