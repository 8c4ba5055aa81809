import { describe, expect, it } from 'vitest';
import { parseSearch, SearchSyntaxError } from './search-query.js';

describe('inbox search syntax', () => {
  it('separates free words from operators', () => {
    const query = parseSearch('calendar sync from:ana@example.com status:open,pending has:attachment');
    expect(query.words).toBe('calendar sync');
    expect(query.from).toEqual(['ana@example.com']);
    expect(query.status).toEqual(['open', 'pending']);
    expect(query.hasAttachment).toBe(true);
  });

  it('keeps quoted values and phrases together', () => {
    const query = parseSearch('subject:"invoice missing" "export button" to:billing');
    expect(query.subject).toEqual(['invoice missing']);
    expect(query.words).toBe('"export button"');
    expect(query.to).toEqual(['billing']);
  });

  it('reads dates as whole UTC days and assignee shortcuts', () => {
    const query = parseSearch('after:2026-11-01 before:2026-12-01 assignee:unassigned');
    expect(query.after?.toISOString()).toBe('2026-11-01T00:00:00.000Z');
    expect(query.before?.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(query.assignee).toBe('none');
    expect(parseSearch('assignee:me').assignee).toBe('me');
  });

  it('treats an unknown operator as words, since customers write things like error:timeout', () => {
    expect(parseSearch('error:timeout').words).toBe('error:timeout');
  });

  it('explains a bad value instead of guessing', () => {
    expect(() => parseSearch('before:yesterday')).toThrow(SearchSyntaxError);
    expect(() => parseSearch('before:2026-02-30')).toThrow(/YYYY-MM-DD/);
    expect(() => parseSearch('status:done')).toThrow(/open, pending/);
    expect(() => parseSearch('has:pictures')).toThrow(/attachment/);
  });
});

describe('in: (where to search)', () => {
  it('takes the inbox views as filters: statuses, mine, unassigned', () => {
    const query = parseSearch('refund in:open in:pending,closed in:unassigned');
    expect(query.words).toBe('refund');
    expect(query.status).toEqual(['open', 'pending', 'closed']);
    expect(query.assignee).toBe('none');
    expect(parseSearch('in:mine').assignee).toBe('me');
    expect(parseSearch('refund').status).toEqual([]);
  });

  it('searches our replies and notes only when asked, the customers’ words otherwise', () => {
    expect(parseSearch('refund').texts).toEqual([]);
    expect(parseSearch('refund in:replies').texts).toEqual(['replies']);
    expect(parseSearch('refund in:notes in:replies in:notes').texts).toEqual(['notes', 'replies']);
    expect(parseSearch('in:notes').words).toBe('');
  });

  it('explains an unknown place', () => {
    expect(() => parseSearch('in:inbox')).toThrow(/in: takes open, pending, snoozed, closed, spam, bulk, mine, unassigned, replies, notes/);
  });
});
