import { describe, expect, it } from 'vitest';
import { forwardSubject, forwardText } from './forward-text.js';

describe('forwardText', () => {
  const customer = {
    from: { address: 'ana@customer.example', name: 'Ana Alves' },
    to: [{ address: 'support@acme.example', name: null }],
    cc: [],
    date: new Date('2026-12-01T09:30:00Z'),
    subject: 'Invoice\r\nwrong',
    text: '  Hello,\n\n> quoted line\nthe total is   12,50 €\n\n-- \nAna\n',
  };

  it('puts the note first and each message with its headers, its text exactly as stored', () => {
    const { text, noteEnd } = forwardText('Can you check this invoice?\n\n', [customer], null);
    expect(text.slice(0, noteEnd)).toBe('Can you check this invoice?');
    expect(text).toContain('From: Ana Alves <ana@customer.example>\nDate: Tue, 01 Dec 2026 09:30:00 GMT\nSubject: Invoice wrong\nTo: support@acme.example\n\n');
    expect(text.endsWith(customer.text)).toBe(true);
  });

  it('keeps a whole conversation in order, every message whole', () => {
    const reply = { ...customer, from: { address: 'support@acme.example', name: 'Acme' }, to: [customer.from], text: 'We are on it.', date: new Date('2026-12-01T10:00:00Z') };
    const { text, noteEnd } = forwardText('', [customer, reply], { number: 7, subject: 'Invoice wrong' });
    expect(noteEnd).toBe(0);
    expect(text.startsWith('---------- Forwarded conversation #7 (2 messages) ----------')).toBe(true);
    expect(text.indexOf(customer.text)).toBeGreaterThan(0);
    expect(text.indexOf('We are on it.')).toBeGreaterThan(text.indexOf(customer.text));
  });

  it('prefixes Fwd: once', () => {
    expect(forwardSubject('Invoice')).toBe('Fwd: Invoice');
    expect(forwardSubject('Fwd: Invoice')).toBe('Fwd: Invoice');
    expect(forwardSubject('')).toBe('Fwd: (no subject)');
  });
});
