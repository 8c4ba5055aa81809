import { describe, expect, it } from 'vitest';
import { chosenRecipients, defaultRecipients } from './recipients.js';

const answered = {
  fromAddress: 'ana@customer.example',
  fromName: 'Ana Alves',
  replyTo: [],
  toAddresses: [{ address: 'support-alias@acme.example', name: 'Acme Help' }],
  ccAddresses: [
    { address: 'Help@Acme.example', name: 'Acme Help' },
    { address: 'boss@customer.example', name: 'Bea Boss' },
    { address: 'ana@customer.example', name: null },
  ],
};

describe('reply recipients', () => {
  it('answers the customer and copies the conversation’s Cc participants, never our own address nor the alias they wrote to', () => {
    expect(defaultRecipients(answered, 'help@acme.example')).toEqual({
      to: [{ address: 'ana@customer.example', name: 'Ana Alves' }],
      cc: [{ address: 'boss@customer.example', name: 'Bea Boss' }],
      bcc: [],
    });
  });

  it('honours Reply-To', () => {
    const recipients = defaultRecipients({ ...answered, replyTo: [{ address: 'tickets@customer.example', name: null }] }, 'help@acme.example');
    expect(recipients.to).toEqual([{ address: 'tickets@customer.example', name: null }]);
    expect(recipients.cc.map((address) => address.address)).toEqual(['boss@customer.example', 'ana@customer.example']);
  });

  it('takes the author’s choice, keeps known names, lists each address once and drops the mailbox', () => {
    const defaults = defaultRecipients(answered, 'help@acme.example');
    expect(
      chosenRecipients({ to: ['ana@customer.example'], cc: ['ANA@customer.example', 'help@acme.example'], bcc: ['accounts@acme.example', 'boss@customer.example'] }, defaults, [...answered.ccAddresses, { address: 'ana@customer.example', name: 'Ana Alves' }], 'help@acme.example'),
    ).toEqual({
      to: [{ address: 'ana@customer.example', name: 'Ana Alves' }],
      cc: [],
      bcc: [
        { address: 'accounts@acme.example', name: null },
        { address: 'boss@customer.example', name: 'Bea Boss' },
      ],
    });
  });
});
