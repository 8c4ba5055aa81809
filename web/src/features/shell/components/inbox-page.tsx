import { LatestHandoffNotes } from '../../rotation/components/latest-handoff-notes';
import { ComingSoonPage } from './coming-soon-page';

export function InboxPage() {
  return (
    <>
      <LatestHandoffNotes />
      <ComingSoonPage
        title="Inbox"
        description="The shared inbox, where the person on duty reads customers' exact words and replies, arrives with the inbox work. Mail is already being fetched: connect a mailbox in Settings."
      />
    </>
  );
}
