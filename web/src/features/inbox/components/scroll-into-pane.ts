/**
 * Scrolls the conversation pane (only it: the page and the list stay put) so that a message's top
 * sits just under the pane's top edge, below the held-send banner when there is one.
 */
export function scrollMessageIntoPane(messageId: string | undefined): void {
  if (!messageId) return;
  const element = document.querySelector<HTMLElement>(`.message[data-message-id="${CSS.escape(messageId)}"]`);
  const pane = element?.closest<HTMLElement>('.inbox-conversation');
  if (!element || !pane) return;
  const banner = pane.querySelector<HTMLElement>('.held-banner');
  const room = (banner?.offsetHeight ?? 0) + 8;
  pane.scrollTop += element.getBoundingClientRect().top - pane.getBoundingClientRect().top - room;
}
