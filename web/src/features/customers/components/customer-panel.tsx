import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { CustomerDto } from '../../../../../api/src/customers/customers.types';
import { ErrorState, Spinner } from '../../../components/status';
import { When } from '../../inbox/components/when';
import { useCustomer, useSaveCustomerNote } from '../api/customers';

const STATUS_LABELS = { open: 'Open', pending: 'Pending', snoozed: 'Snoozed', closed: 'Closed', spam: 'Spam', bulk: 'Bulk' } as const;

/** The team's note about the customer: read as text, edited in place, saved over the version read. */
function CustomerNote({ customer }: { customer: CustomerDto }) {
  const save = useSaveCustomerNote(customer.contact.id);
  const [draft, setDraft] = useState<string | null>(null);
  const note = customer.note;
  const submit = () => {
    if (draft === null) return;
    save.mutate({ text: draft, version: note.version }, { onSuccess: () => setDraft(null) });
  };
  if (draft !== null) {
    return (
      <form
        className="customer-note-form"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <label className="visually-hidden" htmlFor="customer-note">
          Note about {customer.contact.name ?? customer.contact.email}
        </label>
        <textarea
          id="customer-note"
          autoFocus
          rows={5}
          value={draft}
          maxLength={10_000}
          placeholder="What the team should know: plan, contract, how they like to be answered…"
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.stopPropagation();
              setDraft(null);
              save.reset();
            }
            if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              submit();
            }
          }}
        />
        {save.isError ? (
          <p className="field-error" role="alert">
            {save.error.message}
          </p>
        ) : null}
        <div className="customer-note-actions">
          <button type="submit" className="button button-small button-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save note'}
          </button>
          <button
            type="button"
            className="button button-small button-quiet"
            onClick={() => {
              setDraft(null);
              save.reset();
            }}
          >
            Cancel
          </button>
          <span className="muted small">
            <kbd>Ctrl</kbd>+<kbd>Enter</kbd> saves
          </span>
        </div>
      </form>
    );
  }
  return (
    <div>
      {note.text ? (
        <p className="customer-note-text" data-testid="customer-note">
          {note.text}
        </p>
      ) : (
        <p className="muted small">No note yet. Anything the team should know about this customer?</p>
      )}
      {note.updatedAt ? (
        <p className="muted small">
          {note.updatedBy ? `${note.updatedBy.name}, ` : ''}
          <When iso={note.updatedAt} />
        </p>
      ) : null}
      <button type="button" className="button button-small" onClick={() => setDraft(note.text)}>
        {note.text ? 'Edit note' : 'Add a note'}
      </button>
    </div>
  );
}

/** The customer beside the conversation: who they are, their company, what else they asked, what we pinned, what we know. */
export function CustomerPanel({ conversationId }: { conversationId: string }) {
  const customer = useCustomer(conversationId);
  const { view = 'open' } = useParams();
  if (customer.isPending) return <Spinner label="Loading the customer…" />;
  if (customer.isError) return <ErrorState error={customer.error} onRetry={() => void customer.refetch()} />;
  const data = customer.data;
  const { contact } = data;
  return (
    <aside className="customer-panel" aria-label="Customer" data-testid="customer-panel">
      <section>
        <h2 className="customer-name">{contact.name ?? contact.email}</h2>
        <p className="customer-address small">{contact.email}</p>
        {data.company ? (
          <p className="small">
            <span className="muted">Company</span>{' '}
            <Link to={`/inbox/${encodeURIComponent(view)}?q=${encodeURIComponent(`from:@${data.company}`)}`} title={`Every conversation from ${data.company}`} data-testid="customer-company">
              {data.company}
            </Link>
          </p>
        ) : null}
      </section>
      <section>
        <h2 className="small">Note</h2>
        <CustomerNote customer={data} />
      </section>
      <section>
        <h2 className="small">Other conversations ({data.conversations.length}{data.more ? '+' : ''})</h2>
        {data.conversations.length === 0 ? (
          <p className="muted small">This is their first conversation.</p>
        ) : (
          <ul className="plain-list customer-conversations">
            {data.conversations.map((conversation) => (
              <li key={conversation.id}>
                <Link to={`/inbox/${encodeURIComponent(view)}/${encodeURIComponent(conversation.id)}`} className="customer-conversation" data-testid="customer-conversation">
                  <span className="customer-conversation-subject">{conversation.subject || '(no subject)'}</span>
                  <span className="small muted">
                    #{conversation.number} · <span className={`badge badge-${conversation.status}`}>{STATUS_LABELS[conversation.status]}</span> · <When iso={conversation.lastMessageAt} />
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
        {data.more ? (
          <Link className="small" to={`/inbox/${encodeURIComponent(view)}?q=${encodeURIComponent(`from:${contact.email}`)}`}>
            All their conversations
          </Link>
        ) : null}
      </section>
      <section>
        <h2 className="small">Pinned from them ({data.quotes.length})</h2>
        {data.quotes.length === 0 ? (
          <p className="muted small">Nothing pinned from this customer yet.</p>
        ) : (
          <ul className="plain-list">
            {data.quotes.slice(0, 10).map((quote) => (
              <li key={quote.id}>
                <blockquote className="quote-text" data-testid="customer-quote">
                  {quote.text}
                </blockquote>
                <span className="muted small">
                  <When iso={quote.messageDate} />
                  {quote.themes.length ? ` · ${quote.themes.map((theme) => theme.name).join(', ')}` : ''}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </aside>
  );
}
