import { describe, expect, it } from 'vitest';
import { fillVariables, matchSavedReplies, savedReplyQueryAt } from './fill-variables';

const sources = { customerName: 'Zoë van Dijk', myName: 'Ana Lima', conversationNumber: 42, mailboxName: 'Acme Support' };

describe('saved reply variables', () => {
  it('fills the known variables and leaves unknown ones as typed', () => {
    expect(fillVariables('Hi {{customer.firstName}} ({{ customer.name }}), #{{conversation.number}} at {{mailbox.name}}. {{me.firstName}}/{{me.name}} {{order.id}}', sources)).toBe(
      'Hi Zoë (Zoë van Dijk), #42 at Acme Support. Ana/Ana Lima {{order.id}}',
    );
  });

  it('leaves a missing customer name empty, inventing nothing', () => {
    expect(fillVariables('Hi {{customer.firstName}},', { ...sources, customerName: null })).toBe('Hi ,');
  });
});

describe('the #query before the caret', () => {
  it('starts a word only', () => {
    expect(savedReplyQueryAt('Hello #ref', 10)).toEqual({ start: 6, query: 'ref' });
    expect(savedReplyQueryAt('#', 1)).toEqual({ start: 0, query: '' });
    expect(savedReplyQueryAt('issue#ref', 9)).toBeNull();
    expect(savedReplyQueryAt('#ref done', 9)).toBeNull();
  });

  it('matches names ignoring case and accents, prefix first', () => {
    const replies = [{ name: 'Partial refund' }, { name: 'Refund policy' }, { name: 'Réfund (FR)' }, { name: 'Shipping' }];
    expect(matchSavedReplies(replies, 'REF').map((reply) => reply.name)).toEqual(['Réfund (FR)', 'Refund policy', 'Partial refund']);
  });
});
