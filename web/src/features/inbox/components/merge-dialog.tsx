import { useQueryClient } from '@tanstack/react-query';
import './merge-split.css';
import { useEffect, useRef, useState } from 'react';
import type { ConversationDto, ConversationStatusDto, MergeResultDto } from '../../../../../api/src/conversations/conversations.types';
import { Spinner } from '../../../components/status';
import { ApiError } from '../../../lib/api-client';
import { useCustomer } from '../../customers/api/customers';
import { conversationQuery } from '../api/conversations';
import { useMergeConversations } from '../api/merge-conversations';
import { When } from './when';
import { Dialog } from '../../../components/dialog';

const STATUS_LABELS: Record<ConversationStatusDto, string> = { open: 'Open', pending: 'Pending', snoozed: 'Snoozed', closed: 'Closed', spam: 'Spam', bulk: 'Bulk' };

interface Candidate {
  id: string;
  number: number;
  subject: string;
  status: ConversationStatusDto;
  lastMessageAt: string;
}

/** The API keeps the older conversation (the smaller number) and moves the newer one's messages into it. */
const isOlder = (a: { id: string }, b: { id: string }) => BigInt(a.id) < BigInt(b.id);

function Row({ candidate }: { candidate: Candidate }) {
  return (
    <>
      <span className="merge-option-subject">
        #{candidate.number} {candidate.subject || '(no subject)'}
      </span>
      <span className="small muted">
        <span className={`badge badge-${candidate.status}`}>{STATUS_LABELS[candidate.status]}</span> · last activity <When iso={candidate.lastMessageAt} />
      </span>
    </>
  );
}

/**
 * "Merge with…": the customer's other conversations (or any number), then a confirmation that says
 * which conversation survives. Escape closes it; Enter continues.
 */
export function MergeDialog({ conversation, onClose, onMerged }: { conversation: ConversationDto; onClose: () => void; onMerged: (result: MergeResultDto, absorbed: Candidate, survivor: Candidate) => void }) {
  const customer = useCustomer(conversation.id);
  const queryClient = useQueryClient();
  const merge = useMergeConversations();
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [numberText, setNumberText] = useState('');
  const [target, setTarget] = useState<Candidate | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [looking, setLooking] = useState(false);
  const customerName = conversation.contact.name ?? conversation.contact.email;
  const here: Candidate = { id: conversation.id, number: conversation.number, subject: conversation.subject, status: conversation.status, lastMessageAt: conversation.lastMessageAt };
  const others = customer.data?.conversations ?? [];
  const dialog = useRef<HTMLDivElement>(null);
  // Keys go to the dialog from the start (Escape closes it), even before the first choice can take focus.
  useEffect(() => {
    if (dialog.current && !dialog.current.contains(document.activeElement)) dialog.current.focus();
  }, [customer.isPending, target]);

  /** Checks a typed number before the confirmation: it must exist, be another conversation, and be this customer's. */
  const lookUp = async (number: string): Promise<Candidate | null> => {
    if (!/^\d{1,18}$/.test(number)) {
      setProblem('Type a conversation number, such as 42.');
      return null;
    }
    if (number === conversation.id) {
      setProblem('That is this conversation: pick another one.');
      return null;
    }
    setLooking(true);
    try {
      const other = await queryClient.fetchQuery(conversationQuery(number));
      if (other.contact.email !== conversation.contact.email) {
        setProblem(`#${other.number} is from ${other.contact.email}, not ${conversation.contact.email}: only conversations of the same customer can be merged.`);
        return null;
      }
      return { id: other.id, number: other.number, subject: other.subject, status: other.status, lastMessageAt: other.lastMessageAt };
    } catch (error) {
      setProblem(error instanceof ApiError && error.status === 404 ? `There is no conversation #${number}.` : error instanceof Error ? error.message : 'Could not look that conversation up.');
      return null;
    } finally {
      setLooking(false);
    }
  };

  const next = async (focused?: Candidate) => {
    setProblem(null);
    const typed = focused ? '' : numberText.trim().replace(/^#/, '');
    const picked = focused ?? (typed ? await lookUp(typed) : (others.find((other) => other.id === chosenId) ?? null));
    if (!typed && !picked) setProblem('Pick a conversation to merge with.');
    if (picked) setTarget(picked);
  };

  const survivor = target && (isOlder(target, here) ? target : here);
  const absorbed = target && (survivor === target ? here : target);

  return (
    <Dialog className="merge-dialog" labelledBy="merge-title" dialogRef={dialog} onClose={onClose}>
      {!target || !survivor || !absorbed ? (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void next();
          }}
        >
          <h2 id="merge-title">Merge #{conversation.number} with…</h2>
          <p className="small muted">
            Another conversation of {customerName}. The older one keeps both threads, in the order the mail arrived; you can undo for a minute.
          </p>
          {customer.isPending ? (
            <Spinner label="Loading their conversations…" />
          ) : customer.isError ? (
            <p className="field-error" role="alert">
              {customer.error.message}
            </p>
          ) : others.length === 0 ? (
            <p className="muted" data-testid="merge-none">
              {customerName} has no other conversation.
            </p>
          ) : (
            <fieldset className="merge-options">
              <legend className="small">Their other conversations</legend>
              {others.map((other, index) => (
                <label key={other.id} className="merge-option" data-testid="merge-option">
                  <input
                    type="radio"
                    name="merge-with"
                    value={other.id}
                    autoFocus={index === 0}
                    checked={chosenId === other.id}
                    onChange={() => {
                      setChosenId(other.id);
                      setNumberText('');
                      setProblem(null);
                    }}
                    onKeyDown={(event) => {
                      // Enter on a choice takes it (browsers differ on whether Enter submits from a radio button).
                      if (event.key !== 'Enter') return;
                      event.preventDefault();
                      setChosenId(other.id);
                      void next(other);
                    }}
                  />
                  <span className="merge-option-text">
                    <Row candidate={other} />
                  </span>
                </label>
              ))}
            </fieldset>
          )}
          <div className="field merge-number">
            <label htmlFor="merge-number">Or a conversation number</label>
            <input
              id="merge-number"
              inputMode="numeric"
              placeholder="#"
              autoFocus={!customer.isPending && others.length === 0}
              value={numberText}
              aria-invalid={problem && numberText ? true : undefined}
              onChange={(event) => {
                setNumberText(event.target.value);
                setChosenId(null);
                setProblem(null);
              }}
            />
          </div>
          {problem ? (
            <p className="field-error" role="alert" data-testid="merge-problem">
              {problem}
            </p>
          ) : null}
          <div className="actions">
            <button type="submit" className="button button-primary" disabled={looking || (!chosenId && !numberText.trim())}>
              {looking ? 'Looking…' : 'Continue'}
            </button>
            <button type="button" className="button button-quiet" onClick={onClose}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            // Not mutate's onSuccess: that is skipped when this dialog is gone by then.
            merge.mutateAsync({ id: conversation.id, otherId: target.id }).then(
              (result) => {
                onMerged(result, absorbed, survivor);
                // After onMerged left the absorbed conversation: refreshing it now would only find it gone.
                window.setTimeout(() => void merge.refreshAfterMerge(result), 0);
              },
              () => undefined,
            );
          }}
        >
          <h2 id="merge-title">Merge into #{survivor.number}?</h2>
          <div className="merge-summary" data-testid="merge-summary">
            <p>
              <strong>Stays:</strong> #{survivor.number} “{survivor.subject || '(no subject)'}”, the older conversation.
            </p>
            <p>
              <strong>Joins it:</strong> #{absorbed.number} “{absorbed.subject || '(no subject)'}”. Its messages move into #{survivor.number} in the order they arrived, and #{absorbed.number} leaves the lists.
            </p>
            <p className="small muted">Replies to either thread keep arriving in #{survivor.number}. You can undo for one minute.</p>
          </div>
          {merge.isError ? (
            <p className="field-error" role="alert" data-testid="merge-problem">
              {merge.error.message}
            </p>
          ) : null}
          <div className="actions">
            <button type="submit" className="button button-primary" autoFocus disabled={merge.isPending}>
              {merge.isPending ? 'Merging…' : `Merge into #${survivor.number}`}
            </button>
            <button
              type="button"
              className="button button-quiet"
              onClick={() => {
                merge.reset();
                setTarget(null);
              }}
            >
              Back
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
