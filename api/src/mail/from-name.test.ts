import { describe, expect, it } from 'vitest';
import { replyFromName } from './from-name.js';

describe('replyFromName', () => {
  it('names the person, the mailbox, or both', () => {
    expect(replyFromName('both', 'Ana', 'Acme Support')).toBe('Ana at Acme Support');
    expect(replyFromName('person', 'Ana', 'Acme Support')).toBe('Ana');
    expect(replyFromName('mailbox', 'Ana', 'Acme Support')).toBe('Acme Support');
  });

  it('keeps one line: CR/LF cannot start a header', () => {
    expect(replyFromName('both', 'Eve\r\nBcc: victim@evil.example', 'Acme')).toBe('Eve Bcc: victim@evil.example at Acme');
  });

  it('falls back to what is there', () => {
    expect(replyFromName('both', '  ', 'Acme')).toBe('Acme');
    expect(replyFromName('person', '', 'Acme')).toBe('Acme');
    expect(replyFromName('mailbox', 'Ana', '\n')).toBeNull();
  });
});
