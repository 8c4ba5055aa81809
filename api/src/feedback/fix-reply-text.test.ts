import { describe, expect, it } from 'vitest';
import { companyOf, cutAtWord, fixReplyText } from './fix-reply-text.js';

describe('close-the-loop drafts', () => {
  it('gives the customer’s exact words back and names the fix', () => {
    const text = fixReplyText({
      contactName: 'Carla Costa',
      quote: 'It still drops the events from yesterday —\nevery single time.',
      firstWords: null,
      issue: { summary: 'Keep events across midnight', url: 'https://github.com/acme/app/issues/7' },
    });
    expect(text).toBe(
      'Hi Carla,\n\nYou wrote to us:\n\n> It still drops the events from yesterday —\n> every single time.\n\n“Keep events across midnight” has shipped: https://github.com/acme/app/issues/7\n\nThank you for telling us. It is fixed because you did.',
    );
  });

  it('falls back to the first words, cut only at a word boundary', () => {
    expect(cutAtWord('one two three four', 9)).toBe('one two …');
    expect(cutAtWord('short', 9)).toBe('short');
    // No whitespace to cut at: between characters, never inside an emoji.
    expect(cutAtWord('同步日历时事件重复🔥🔥', 10)).toBe('同步日历时事件重复 …');
    expect(fixReplyText({ contactName: null, quote: null, firstWords: 'Export is broken', issue: { summary: null, url: 'https://x.example/1' } })).toContain('Hi there,\n\nYou wrote to us:\n\n> Export is broken\n\nThe fix has shipped');
  });

  it('never shows the customer an internal tracker: without a public URL the fix is named, not linked', () => {
    const text = fixReplyText({ contactName: 'Ana', quote: 'Export stalls at 99%', firstWords: null, issue: { summary: 'Exports of more than 10,000 rows finish', url: null } });
    expect(text).toContain('“Exports of more than 10,000 rows finish” has shipped.\n\nThank you');
    expect(text).not.toMatch(/https?:/);
  });

  it('counts companies by domain, never free mail', () => {
    expect(companyOf('ana@BigCorp.example')).toBe('bigcorp.example');
    expect(companyOf('someone@gmail.com')).toBeNull();
    expect(companyOf('unknown-sender@sender.invalid')).toBeNull();
  });
});
