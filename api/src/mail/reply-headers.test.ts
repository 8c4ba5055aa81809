import { describe, expect, it } from 'vitest';
import { threadTokenIn } from './message-key.js';
import { cleanMessageId, oneLine, replyThreading } from './reply-headers.js';

const base = { threadToken: 'a1b2c3d4e5f6a1b2c3d4e5f6', unique: '0f1e2d3c4b5a69788796a5b4c3d2e1f0', mailboxAddress: 'help@acme.example' };

describe('reply threading headers', () => {
  it('answers the customer’s latest message and keeps the chain back to the root', () => {
    const threading = replyThreading({
      ...base,
      conversationSubject: 'Export is broken',
      rootMessageId: '<first@customer.example>',
      answered: { messageId: '<third@customer.example>', references: ['<first@customer.example>', '<second@acme.example>'] },
    });
    expect(threading.inReplyTo).toBe('<third@customer.example>');
    expect(threading.references).toEqual(['<first@customer.example>', '<second@acme.example>', '<third@customer.example>']);
    expect(threading.subject).toBe('Re: Export is broken');
  });

  it('never doubles Re: and strips list tags and foreign prefixes', () => {
    for (const subject of ['Re: Export is broken', 'RE: Re: Export is broken', 'AW: [Acme] Export is broken', 'Fwd: Re: Export is broken']) {
      expect(replyThreading({ ...base, conversationSubject: subject, rootMessageId: null, answered: null }).subject).toBe('Re: Export is broken');
    }
  });

  it('carries the conversation token in a Message-ID on the mailbox’s domain', () => {
    const threading = replyThreading({ ...base, conversationSubject: 'x', rootMessageId: null, answered: null });
    expect(threading.messageId).toBe(`<wg.${base.threadToken}.${base.unique}@acme.example>`);
    expect(threadTokenIn([threading.messageId])).toBe(base.threadToken);
  });

  it('drops ids that could smuggle a header and keeps long chains short', () => {
    expect(cleanMessageId('<evil@x>\r\nBcc: victim@example.com')).toBeNull();
    expect(oneLine('Hello\r\nBcc: victim@example.com')).toBe('Hello Bcc: victim@example.com');
    const references = Array.from({ length: 40 }, (_, index) => `<m${index}@customer.example>`);
    const threading = replyThreading({ ...base, conversationSubject: 'x', rootMessageId: '<m0@customer.example>', answered: { messageId: '<m40@customer.example>', references } });
    expect(threading.references).toHaveLength(20);
    expect(threading.references[0]).toBe('<m0@customer.example>');
    expect(threading.references.at(-1)).toBe('<m40@customer.example>');
  });

  it('subject with CR/LF stays on one line', () => {
    expect(replyThreading({ ...base, conversationSubject: 'Help\r\nBcc: victim@example.com', rootMessageId: null, answered: null }).subject).not.toMatch(/[\r\n]/);
  });
});
