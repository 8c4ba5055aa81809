import type { ConversationStatusDto } from '../../../../api/src/conversations/conversations.types';

/** An inbox view: a named filter over the conversation list. */
export interface InboxView {
  key: string;
  label: string;
  status?: ConversationStatusDto;
  assignee?: 'me' | 'unassigned';
  mailboxId?: string;
}

export const VIEWS: InboxView[] = [
  { key: 'unassigned', label: 'Unassigned', status: 'open', assignee: 'unassigned' },
  { key: 'mine', label: 'Mine', status: 'open', assignee: 'me' },
  { key: 'open', label: 'All open', status: 'open' },
  { key: 'pending', label: 'Pending', status: 'pending' },
  { key: 'snoozed', label: 'Snoozed', status: 'snoozed' },
  { key: 'closed', label: 'Closed', status: 'closed' },
  { key: 'spam', label: 'Spam', status: 'spam' },
  { key: 'bulk', label: 'Bulk', status: 'bulk' },
];

export function viewFor(key: string | undefined, mailboxes: { id: string; name: string }[]): InboxView {
  const named = VIEWS.find((view) => view.key === key);
  if (named) return named;
  const mailbox = key?.startsWith('mailbox-') ? mailboxes.find((entry) => `mailbox-${entry.id}` === key) : undefined;
  if (mailbox) return { key: `mailbox-${mailbox.id}`, label: mailbox.name, status: 'open', mailboxId: mailbox.id };
  return VIEWS[2]!;
}

/** The search operators that narrow a search to a view (`in:open in:unassigned`); none for a mailbox's own view beyond its status. */
export function searchFilterFor(view: InboxView): string {
  const parts: string[] = [];
  if (view.status) parts.push(`in:${view.status}`);
  if (view.assignee === 'me') parts.push('in:mine');
  if (view.assignee === 'unassigned') parts.push('in:unassigned');
  return parts.join(' ');
}
