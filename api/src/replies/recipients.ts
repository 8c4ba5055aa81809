import type { AddressDto } from '../conversations/message.entity.js';
import { oneLine } from '../mail/reply-headers.js';

export interface Recipients {
  to: AddressDto[];
  cc: AddressDto[];
  bcc: AddressDto[];
}

export interface AnsweredAddresses {
  fromAddress: string | null;
  fromName: string | null;
  replyTo: AddressDto[];
  toAddresses: AddressDto[];
  ccAddresses: AddressDto[];
}

const key = (address: string) => address.trim().toLowerCase();

/** Each address once (the first place wins: To, then Cc, then Bcc), never the mailbox itself. */
function distinct(lists: AddressDto[][], mailboxAddress: string): AddressDto[][] {
  const seen = new Set([key(mailboxAddress)]);
  return lists.map((list) =>
    list.filter((address) => {
      const k = key(address.address);
      if (!k || seen.has(k)) return false;
      seen.add(k);
      return true;
    }),
  );
}

/**
 * Who a reply goes to when the author does not say: the customer (their Reply-To when they set one)
 * and the people they copied (the conversation's Cc participants), not our own address.
 */
export function defaultRecipients(answered: AnsweredAddresses | null, mailboxAddress: string): Recipients {
  if (!answered) return { to: [], cc: [], bcc: [] };
  const customer = answered.replyTo.length ? answered.replyTo : answered.fromAddress ? [{ address: answered.fromAddress, name: answered.fromName }] : [];
  // Only the Cc: the To of their mail is us, or an alias of ours that forwards to this mailbox.
  // Mail that named no sender is kept under an address that cannot receive mail (…@sender.invalid): nobody to answer, forward it instead.
  const [to = [], cc = []] = distinct([customer.filter((address) => !/\.invalid$/i.test(address.address.trim())), answered.ccAddresses], mailboxAddress);
  return { to, cc, bcc: [] };
}

/** The author's choice (addresses), with the names the conversation already knows for them; defaults where not given. */
export function chosenRecipients(input: { to?: string[] | undefined; cc?: string[] | undefined; bcc?: string[] | undefined }, defaults: Recipients, known: AddressDto[], mailboxAddress: string): Recipients {
  const names = new Map(known.filter((address) => address.name).map((address) => [key(address.address), oneLine(address.name!)]));
  const named = (addresses: string[]) => addresses.map((address) => ({ address: address.trim(), name: names.get(key(address)) ?? null }));
  const clean = (list: AddressDto[]) => list.map((address) => ({ address: address.address, name: address.name ? oneLine(address.name) : null }));
  const [to = [], cc = [], bcc = []] = distinct(
    [input.to ? named(input.to) : clean(defaults.to), input.cc ? named(input.cc) : clean(defaults.cc), input.bcc ? named(input.bcc) : clean(defaults.bcc)],
    mailboxAddress,
  );
  return { to, cc, bcc };
}
