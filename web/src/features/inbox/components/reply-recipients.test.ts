import { describe, expect, it } from 'vitest';
import type { ConversationDto, MessageDto } from '../../../../../api/src/conversations/conversations.types';
import { defaultRecipientFields, newcomers, parseAddresses, recipientCount } from './reply-recipients';

const inbound = (overrides: Partial<MessageDto>): MessageDto => ({ direction: 'in', kind: 'email', from: null, to: [], cc: [], replyTo: [], ...overrides }) as MessageDto;
const conversation = (messages: MessageDto[]): ConversationDto =>
  ({ contact: { email: 'ana@customer.example', name: 'Ana' }, mailbox: { address: 'help@acme.example' }, messages }) as unknown as ConversationDto;

describe('reply recipients in the composer', () => {
  const thread = conversation([
    inbound({
      from: { address: 'ana@customer.example', name: 'Ana' },
      replyTo: [{ address: 'tickets@customer.example', name: null }],
      to: [{ address: 'support-alias@acme.example', name: null }],
      cc: [
        { address: 'bea@customer.example', name: 'Bea' },
        { address: 'Help@acme.example', name: null },
      ],
    }),
  ]);

  it('defaults to the Reply-To address and the Cc participants, without our mailbox', () => {
    expect(defaultRecipientFields(thread)).toEqual({ to: 'tickets@customer.example', cc: 'bea@customer.example', bcc: '' });
  });

  it('reads addresses typed with commas, semicolons, spaces and names', () => {
    expect(parseAddresses('a@x.example; Bo Brown <bo@x.example>, c@x.example d@x.example')).toEqual(['a@x.example', 'bo@x.example', 'c@x.example', 'd@x.example']);
  });

  it('names only the recipients new to the conversation, and counts everyone once', () => {
    const fields = { to: 'tickets@customer.example', cc: 'bea@customer.example, accountant@books.example', bcc: 'BEA@customer.example' };
    expect(newcomers(fields, thread)).toEqual(['accountant@books.example']);
    expect(recipientCount(fields)).toBe(3);
  });
});
