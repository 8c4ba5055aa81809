import type { ConversationDto, MessageDto } from '../../../../../api/src/conversations/conversations.types';

export interface RecipientFields {
  to: string;
  cc: string;
  bcc: string;
}

const key = (address: string) => address.trim().toLowerCase();

/** Addresses typed in a field: separated by commas, semicolons or spaces; "Name <a@b>" keeps a@b. */
export function parseAddresses(value: string): string[] {
  return value
    .split(/[,;]/)
    .flatMap((part) => {
      const bracketed = /<([^>]+)>/.exec(part)?.[1];
      return bracketed ? [bracketed.trim()] : part.split(/\s+/);
    })
    .filter(Boolean);
}

export const looksLikeAddress = (address: string) => /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/.test(address);

/** The customer message a reply answers, as the server picks it: the latest inbound email, else any inbound message. */
function answeredMessage(messages: MessageDto[]): MessageDto | undefined {
  const inbound = messages.filter((message) => message.direction === 'in' && message.kind !== 'activity' && message.kind !== 'note');
  return inbound.filter((message) => message.kind === 'email').at(-1) ?? inbound.at(-1);
}

/** The server's defaults, for the fields: the customer (Reply-To honoured) and the conversation's Cc participants. */
export function defaultRecipientFields(conversation: ConversationDto): RecipientFields {
  const answered = answeredMessage(conversation.messages);
  if (!answered) return { to: conversation.contact.email, cc: '', bcc: '' };
  const seen = new Set([key(conversation.mailbox.address)]);
  const once = (addresses: string[]) =>
    addresses.filter((address) => {
      if (seen.has(key(address))) return false;
      seen.add(key(address));
      return true;
    });
  const to = once(answered.replyTo.length ? answered.replyTo.map((address) => address.address) : answered.from ? [answered.from.address] : []);
  // Only the Cc: the To of their mail is us, or an alias of ours forwarding to this mailbox.
  const cc = once(answered.cc.map((address) => address.address));
  return { to: to.join(', '), cc: cc.join(', '), bcc: '' };
}

/** Everyone who already wrote, or was written to, in this conversation. */
export function participantsOf(conversation: ConversationDto): Set<string> {
  const people = new Set<string>([key(conversation.contact.email)]);
  for (const message of conversation.messages) {
    for (const address of [message.from, ...message.to, ...message.cc, ...message.replyTo]) if (address) people.add(key(address.address));
  }
  return people;
}

/** Recipients the conversation has never included: sending to them needs a second look. */
export function newcomers(fields: RecipientFields, conversation: ConversationDto): string[] {
  const known = participantsOf(conversation);
  return [...new Set([...parseAddresses(fields.to), ...parseAddresses(fields.cc), ...parseAddresses(fields.bcc)].map(key))].filter((address) => !known.has(address));
}

export function recipientCount(fields: RecipientFields): number {
  return new Set([...parseAddresses(fields.to), ...parseAddresses(fields.cc), ...parseAddresses(fields.bcc)].map(key)).size;
}
