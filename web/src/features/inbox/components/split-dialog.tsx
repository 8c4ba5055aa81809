import type { ConversationDto, MessageDto } from '../../../../../api/src/conversations/conversations.types';
import { useSplitMessage } from '../api/merge-conversations';
import { When } from './when';
import { Dialog } from '../../../components/dialog';

/** "Split into a new conversation": says what moves and what stays, then opens the new conversation. */
export function SplitDialog({ conversation, message, onClose, onSplit }: { conversation: ConversationDto; message: MessageDto; onClose: () => void; onSplit: (conversationId: string) => void }) {
  const split = useSplitMessage();
  const sender = message.from?.name ?? message.from?.address ?? 'the customer';
  return (
    <Dialog className="merge-dialog" labelledBy="split-title" onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          split.mutate(message.id, { onSuccess: (result) => onSplit(result.conversationId) });
        }}
      >
        <h2 id="split-title">Split into a new conversation?</h2>
        <div className="merge-summary" data-testid="split-summary">
          <p>
            <strong>Moves:</strong> the message from {sender}, “{message.subject || '(no subject)'}”, received <When iso={message.receivedAt} />.
          </p>
          <p>
            <strong>Stays:</strong> everything else in #{conversation.number}.
          </p>
          <p className="small muted">The new conversation is open, for the same customer and mailbox; replies to this message will arrive there.</p>
        </div>
        {split.isError ? (
          <p className="field-error" role="alert">
            {split.error.message}
          </p>
        ) : null}
        <div className="actions">
          <button type="submit" className="button button-primary" autoFocus disabled={split.isPending}>
            {split.isPending ? 'Splitting…' : 'Split it out'}
          </button>
          <button type="button" className="button button-quiet" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
