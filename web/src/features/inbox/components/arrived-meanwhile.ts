import type { MessageDto } from '../../../../../api/src/conversations/conversations.types';

/** What the person had in front of them when they started writing: the conversation's version and its entries. */
export interface SeenState {
  version: number;
  messageIds: ReadonlySet<string>;
}

export const seenStateOf = (conversation: { version: number; messages: readonly MessageDto[] }): SeenState => ({
  version: conversation.version,
  messageIds: new Set(conversation.messages.map((message) => message.id)),
});

/**
 * The messages that arrived after `seen` and that a reply must not ignore: a customer's mail,
 * a teammate's reply or note. Activity entries (status, assignee) and the person's own writing
 * are not news to them. In thread order.
 */
export function arrivedMeanwhile(messages: readonly MessageDto[], seen: SeenState, meId: string | undefined): MessageDto[] {
  return messages.filter(
    (message) =>
      !seen.messageIds.has(message.id) &&
      message.kind !== 'activity' &&
      !(message.author && meId !== undefined && message.author.id === meId),
  );
}

/** Who wrote them, for the banner: "Ben Brown", "Ben Brown and Bo Designer". */
export function writersOf(messages: readonly MessageDto[]): string {
  const names = [...new Set(messages.map((message) => message.author?.name ?? message.from?.name ?? message.from?.address ?? 'Someone'))];
  if (names.length <= 1) return names[0] ?? 'Someone';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
