import { describe, expect, it } from 'vitest';
import type { MessageDto } from '../../../../../api/src/conversations/conversations.types';
import { arrivedMeanwhile, seenStateOf, writersOf } from './arrived-meanwhile';

const message = (id: string, overrides: Partial<MessageDto> = {}): MessageDto => ({
  id,
  direction: 'in',
  kind: 'email',
  from: { address: 'ben@customer.example', name: 'Ben Brown' },
  to: [],
  cc: [],
  replyTo: [],
  date: null,
  receivedAt: '2026-12-01T10:00:00Z',
  subject: 'Dark mode',
  text: 'words',
  newText: { start: 0, end: 5, interleaved: false, forwarded: false },
  hasHtml: false,
  threadRule: 'new',
  messageIdHeader: null,
  messageIdReused: false,
  decodingIssues: [],
  attachments: [],
  hasRaw: true,
  author: null,
  send: null,
  activity: null,
  ...overrides,
});

const ME = { id: 'p1', name: 'Ada Founder' };
const BO = { id: 'p2', name: 'Bo Designer' };
const first = message('1');
const seen = seenStateOf({ version: 1, messages: [first] });

describe('arrivedMeanwhile', () => {
  it.each([
    ['nothing new', [first], []],
    ['a customer mail', [first, message('2')], ['2']],
    ['a status change (activity)', [first, message('2', { kind: 'activity', author: BO })], []],
    ['my own note', [first, message('2', { kind: 'note', author: ME, direction: 'out', from: null })], []],
    ['a teammate’s reply', [first, message('2', { direction: 'out', author: BO })], ['2']],
    ['a teammate’s note', [first, message('2', { kind: 'note', author: BO })], ['2']],
    ['an auto-reply', [first, message('2', { kind: 'auto_reply' })], ['2']],
    ['two mails, in thread order', [first, message('2'), message('3')], ['2', '3']],
  ])('%s', (_name, messages, expected) => {
    expect(arrivedMeanwhile(messages, seen, ME.id).map((entry) => entry.id)).toEqual(expected);
  });
});

describe('writersOf', () => {
  it.each([
    [[message('2')], 'Ben Brown'],
    [[message('2'), message('3')], 'Ben Brown'],
    [[message('2'), message('3', { author: BO, direction: 'out' })], 'Ben Brown and Bo Designer'],
    [[message('2', { from: { address: 'x@y.example', name: null } })], 'x@y.example'],
  ])('%#', (messages, expected) => {
    expect(writersOf(messages)).toBe(expected);
  });
});
