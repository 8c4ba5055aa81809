import { describe, expect, it } from 'vitest';
import { threadTokenIn } from '../mail/message-key.js';
import { chooseThread, type ThreadCandidate, type ThreadingInput } from './threading.js';

const now = new Date('2026-11-28T10:00:00Z');
const conversation = (id: string, participants: string[], overrides: Partial<ThreadCandidate> = {}): ThreadCandidate => ({
  conversationId: id,
  participants,
  status: 'open',
  lastMessageAt: new Date('2026-11-27T10:00:00Z'),
  ...overrides,
});
const base: ThreadingInput = { sender: 'carla@customer.example', kind: 'email', now, byToken: null, byInReplyTo: null, byReferences: null, byReportedMessageId: null, bySubject: [] };
const carlas = conversation('1', ['carla@customer.example']);

describe('chooseThread', () => {
  it.each<[string, Partial<ThreadingInput>, { conversationId: string | null; rule: string }]>([
    ['our token wins', { byToken: carlas, byInReplyTo: conversation('2', ['carla@customer.example']) }, { conversationId: '1', rule: 'token' }],
    ['In-Reply-To', { byInReplyTo: carlas }, { conversationId: '1', rule: 'in_reply_to' }],
    ['References only', { byReferences: carlas }, { conversationId: '1', rule: 'references' }],
    ['subject, sender takes part, recent and open', { bySubject: [carlas] }, { conversationId: '1', rule: 'subject' }],
    ['nothing matches', {}, { conversationId: null, rule: 'new' }],
    [
      'a person Cc’d mid-thread replies',
      { sender: 'dan@customer.example', byInReplyTo: conversation('1', ['carla@customer.example', 'dan@customer.example']) },
      { conversationId: '1', rule: 'in_reply_to' },
    ],
    [
      'a hijack: a stranger with the victim’s References',
      { sender: 'mallory@evil.example', byReferences: carlas, bySubject: [carlas] },
      { conversationId: null, rule: 'new_not_participant' },
    ],
    ['a stranger with the same subject', { sender: 'mallory@evil.example', bySubject: [carlas] }, { conversationId: null, rule: 'new' }],
    ['subject match into a closed conversation', { bySubject: [conversation('1', ['carla@customer.example'], { status: 'closed' })] }, { conversationId: null, rule: 'new' }],
    [
      'subject match older than 30 days',
      { bySubject: [conversation('1', ['carla@customer.example'], { lastMessageAt: new Date('2026-10-01T00:00:00Z') })] },
      { conversationId: null, rule: 'new' },
    ],
    [
      'a bounce finds our message through the returned Message-ID',
      { kind: 'bounce', sender: 'mailer-daemon@mx.example', byReportedMessageId: carlas },
      { conversationId: '1', rule: 'reported_message_id' },
    ],
    ['an unmatched bounce', { kind: 'bounce', sender: 'mailer-daemon@mx.example', bySubject: [carlas] }, { conversationId: null, rule: 'new' }],
  ])('%s', (_name, overrides, expected) => {
    expect(chooseThread({ ...base, ...overrides })).toEqual(expected);
  });
});

describe('threadTokenIn', () => {
  it('finds our token in a reply’s references', () => {
    expect(threadTokenIn(['<CAB1@mail.gmail.com>', '<wg.0123456789abcdef0123.k3j4@wholegrain.test>'])).toBe('0123456789abcdef0123');
  });
  it('ignores look-alikes', () => {
    expect(threadTokenIn(['<wg.short.x@wholegrain.test>', '<notwg.0123456789abcdef0123.x@a>'])).toBeNull();
  });
});
